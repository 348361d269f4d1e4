//! The extractor on test articles written for newskg: the facts each must yield, with their
//! status, and facts it must not yield. Every case is a behaviour somebody relied on.

use newskg::lexicon::Status;
use newskg::{Document, Lexicons, Metadata, Pipeline};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");

type Fact<'a> = (&'a str, &'a str, &'a str, Status);
/// Relations as (subject label, predicate, object label, status), entities as (label, type).
type Found = (Vec<(String, String, String, Status)>, Vec<(String, String)>);

fn facts(file: &str, published: &str) -> Found {
    let text = std::fs::read_to_string(format!("{DIR}/{file}")).unwrap();
    let meta = Metadata {
        published: newskg::input::parse_date(published).ok(),
        ..Metadata::default()
    };
    let doc = Document::new(file, text, meta);
    let a = Pipeline::new(Lexicons::builtin()).annotate(&doc);
    let rels = a
        .relations
        .iter()
        .map(|r| {
            (
                a.entities[r.subject].label.clone(),
                r.predicate.name().to_string(),
                a.entities[r.object].label.clone(),
                r.status,
            )
        })
        .collect();
    let ents = a
        .entities
        .iter()
        .filter(|e| e.keep)
        .map(|e| (e.label.clone(), e.etype.name().to_string()))
        .collect();
    (rels, ents)
}

fn check(file: &str, must: &[Fact], must_not: &[(&str, &str, &str)], entities: &[(&str, &str)]) {
    let (rels, ents) = facts(file, "2026-02-05");
    let has = |s: &str, p: &str, o: &str| -> Vec<Status> {
        rels.iter()
            .filter(|(a, q, b, _)| q == p && ((a == s && b == o) || (p == "metWith" && a == o && b == s)))
            .map(|r| r.3)
            .collect()
    };
    for (s, p, o, status) in must {
        let found = has(s, p, o);
        assert!(
            found.contains(status),
            "{file}: missing {s} {p} {o} ({status:?}); found {found:?}\nall: {rels:#?}"
        );
    }
    for (s, p, o) in must_not {
        assert!(
            has(s, p, o).is_empty(),
            "{file}: unexpected {s} {p} {o}\nall: {rels:#?}"
        );
    }
    for (label, etype) in entities {
        assert!(
            ents.iter().any(|(l, t)| l == label && t == etype),
            "{file}: no entity {label} [{etype}]; have {ents:?}"
        );
    }
}

use Status::*;

#[test]
fn summit_host_counterpart_and_a_cancelled_trip() {
    check(
        "lusaka-summit.txt",
        &[
            ("Hakainde Mwale", "leads", "Zambia", Actual),
            ("Lazarus Phiri", "leads", "Malawi", Actual),
            ("Hakainde Mwale", "metWith", "Lazarus Phiri", Actual),
            ("Lazarus Phiri", "travelsTo", "Lusaka", Actual),
            ("Ana Macuacua", "travelsTo", "Lusaka", Negated),
            ("Ana Macuacua", "represents", "Mozambique", Actual),
            ("Felix Tembo", "represents", "Hakainde Mwale", Actual),
        ],
        &[("Hakainde Mwale", "leads", "Malawi")],
        &[
            ("Lusaka", "City"),
            ("Reuters", "Organization"),
            ("Malawian delegation", "Delegation"),
        ],
    );
}

#[test]
fn trade_talks_headed_delegation_and_planned_visits() {
    check(
        "brussels-trade-talks.txt",
        &[
            ("Liu Wen", "metWith", "Ursula Vandermeer", Actual),
            ("Ursula Vandermeer", "leads", "European Commission", Actual),
            ("Wang Jian", "leads", "Chinese delegation", Actual),
            ("Wang Jian", "represents", "China", Actual),
            ("Chinese delegation", "travelsTo", "Berlin", Planned),
            // "The Chinese delegation, headed by X, is scheduled to travel to Berlin": its head
            // goes with it.
            ("Wang Jian", "travelsTo", "Berlin", Planned),
            ("Liu Wen", "travelsTo", "Paris", Planned),
            ("Liu Wen", "metWith", "Bruno Lemaire", Planned),
            ("Bruno Lemaire", "represents", "France", Actual),
            ("Valdis Ozols", "represents", "European Union", Actual),
        ],
        &[],
        &[("Wang Jian", "Person"), ("Associated Press", "Organization")],
    );
}

#[test]
fn envoy_trip_and_named_negotiators() {
    check(
        "gaza-truce-envoy.txt",
        &[
            ("Brett Morrow", "travelsTo", "Riyadh", Actual),
            ("Brett Morrow", "metWith", "Faisal bin Khalid", Actual),
            ("Brett Morrow", "travelsTo", "Cairo", Planned),
            ("Brett Morrow", "travelsTo", "Doha", Planned),
            ("Yoav Kessler", "leads", "Israel", Actual),
            ("Khalil Haddad", "leads", "Hamas negotiators", Actual),
            ("Faisal bin Khalid", "represents", "Saudi Arabia", Actual),
        ],
        // "Faisal bin Khalid, a U.S. official said": a reporting clause, not an apposition.
        &[("Faisal bin Khalid", "represents", "United States")],
        &[("Washington", "City"), ("Hamas", "Organization")],
    );
}

#[test]
fn state_visit_with_accompanying_minister() {
    check(
        "seoul-state-visit.txt",
        &[
            ("Hiroshi Tanabe", "leads", "Japan", Actual),
            ("Yoon Min-jae", "leads", "South Korea", Actual),
            ("Hiroshi Tanabe", "travelsTo", "Seoul", Actual),
            ("Yoon Min-jae", "metWith", "Hiroshi Tanabe", Actual),
            ("Yoko Kamiya", "metWith", "Park Jin-ho", Actual),
            ("Yoko Kamiya", "represents", "Japan", Actual),
            ("Park Jin-ho", "represents", "South Korea", Actual),
            ("Yoon Min-jae", "travelsTo", "Tokyo", Possible),
        ],
        // "his foreign minister, Yoko Kamiya, who held separate talks": the relative clause's
        // subject is Kamiya, not Tanabe.
        &[
            ("Hiroshi Tanabe", "metWith", "Yoko Kamiya"),
            ("Hiroshi Tanabe", "travelsTo", "Tokyo"),
        ],
        &[("Yonhap", "Organization"), ("Seoul", "City")],
    );
}

#[test]
fn alliance_chief_visit_former_leader_and_cancelled_trip() {
    check(
        "nato-kyiv-visit.txt",
        &[
            ("Mark Rutter", "leads", "NATO", Actual),
            ("Mark Rutter", "travelsTo", "Kyiv", Actual),
            ("Mark Rutter", "metWith", "Olena Sydorenko", Actual),
            ("Olena Sydorenko", "leads", "Ukraine", Actual),
            ("Klaus Weber", "travelsTo", "Kyiv", Negated),
            ("Klaus Weber", "travelsTo", "Warsaw", Planned),
            ("Jens Halvorsen", "leads", "NATO", Former),
            ("Jens Halvorsen", "travelsTo", "Kyiv", Actual),
        ],
        // A capital standing for its government is the city, and "pressed" is no meeting.
        &[("Washington", "metWith", "Kyiv")],
        &[("Washington", "City"), ("NATO", "Organization")],
    );
}

#[test]
fn talks_with_named_teams_and_a_called_off_meeting() {
    check(
        "jeddah-talks.txt",
        &[
            ("Idris Musa", "leads", "RSF team", Actual),
            ("Khalid al-Rashid", "represents", "Saudi Arabia", Actual),
            ("Mary Cole", "travelsTo", "Jeddah", Actual),
            ("Mary Cole", "metWith", "Omar Hassan", Planned),
            ("Omar Hassan", "metWith", "Idris Musa", Negated),
            ("Mary Cole", "represents", "United States", Actual),
        ],
        &[],
        &[("Jeddah", "City"), ("Rapid Support Forces", "Organization")],
    );
}

#[test]
fn bilateral_meeting_ambassador_and_chief_of_staff() {
    check(
        "brasilia-meeting.txt",
        &[
            ("Luiz Carvalho", "metWith", "Javier Morales", Actual),
            ("Javier Morales", "travelsTo", "Brasília", Actual),
            ("Javier Morales", "travelsTo", "São Paulo", Planned),
            ("Daniel Ferreyra", "represents", "Argentina", Actual),
            ("Rui Costa Neto", "represents", "Luiz Carvalho", Actual),
        ],
        // "Carvalho's chief of staff, X, and Foreign Minister Y also attended the meeting":
        // attending a meeting together is not meeting each other.
        &[("Rui Costa Neto", "metWith", "Ana Lins")],
        &[("Planalto Palace", "Place")],
    );
}

#[test]
fn foreign_ministers_meet_with_a_host() {
    check(
        "washington-peace-talks.txt",
        &[
            ("Aram Petrosyan", "represents", "Armenia", Actual),
            ("Elnur Mammadov", "represents", "Azerbaijan", Actual),
            ("Aram Petrosyan", "metWith", "Elnur Mammadov", Actual),
            ("Daniel Hart", "represents", "United States", Actual),
            ("Daniel Hart", "travelsTo", "Yerevan", Planned),
            ("Daniel Hart", "travelsTo", "Baku", Planned),
        ],
        // "spoke with both leaders by phone" is a call, not a meeting.
        &[("Pierre Lemoine", "metWith", "Aram Petrosyan")],
        &[("State Department", "Organization"), ("AFP", "Organization")],
    );
}

#[test]
fn official_visit_with_a_visiting_premier() {
    check(
        "beijing-official-visit.txt",
        &[
            ("Zhao Lin", "metWith", "Tran Van Duc", Actual),
            ("Tran Van Duc", "leads", "Vietnam", Actual),
            ("Tran Van Duc", "travelsTo", "China", Actual),
            ("Li Ming", "metWith", "Tran Van Duc", Actual),
            ("Tran Van Duc", "travelsTo", "Shanghai", Planned),
            ("Nguyen Thi Hoa", "represents", "Vietnam", Actual),
        ],
        // "met visiting Vietnamese Prime Minister X at the Great Hall": the host did not travel.
        &[("Zhao Lin", "travelsTo", "Great Hall")],
        &[("Xinhua", "Organization")],
    );
}

#[test]
fn walkout_capital_delegation_and_cancelled_trip() {
    check(
        "addis-ababa-walkout.txt",
        &[
            ("Moussa Fall", "leads", "African Union Commission", Actual),
            ("Moussa Fall", "travelsTo", "Khartoum", Negated),
            ("David Kiprono", "leads", "Kenya", Actual),
        ],
        &[],
        // A surname that is also an English word stays a name; the headline's "Sudanese
        // delegation" and the body's "Khartoum's delegation" are one side.
        &[("Moussa Fall", "Person"), ("Sudanese delegation", "Delegation")],
    );
}

#[test]
fn readout_with_a_bilateral_on_summit_sidelines_and_a_host() {
    check(
        "delhi-readout.txt",
        &[
            // "held a bilateral meeting with President X of Chile": a meeting noun with its
            // party, and the country after the name.
            ("Arjun Mehra", "metWith", "Tomas Reyes", Actual),
            ("Tomas Reyes", "leads", "Chile", Actual),
            // "was received ... by South African President Y, who is hosting the summit".
            ("Arjun Mehra", "metWith", "Thabo Mokoena", Actual),
            ("Thabo Mokoena", "leads", "South Africa", Actual),
        ],
        // The ministers "were also present" at the meeting, but nobody leads Chile but Reyes.
        &[("Arjun Mehra", "leads", "Chile")],
        &[("Johannesburg", "City")],
    );
}

#[test]
fn party_leaders_meet_and_a_former_leader_skips_the_talks() {
    check(
        "stockholm-party-talks.txt",
        &[
            ("Maria Lindqvist", "leads", "Social Democratic Party", Actual),
            ("Elin Strand", "leads", "Centre Party", Actual),
            ("Maria Lindqvist", "metWith", "Elin Strand", Actual),
            // "the two leaders would meet again on Friday".
            ("Elin Strand", "metWith", "Maria Lindqvist", Planned),
            ("Sara Holm", "leads", "Green Party", Actual),
            ("Sara Holm", "travelsTo", "Gothenburg", Actual),
        ],
        // A spokesman speaks for the party; he does not lead it.
        &[("Henrik Sjoberg", "leads", "Social Democrats")],
        &[("Karl Nyberg", "Person"), ("Centre Party", "Organization")],
    );
}

#[test]
fn mediated_talks_between_officials_of_two_countries() {
    check(
        "doha-mediation.txt",
        &[
            // "will host talks between Sudanese and Chadian officials in Doha next week".
            ("Hamad bin Khalid Al Mansouri", "leads", "Qatar", Actual),
            (
                "Hamad bin Khalid Al Mansouri",
                "metWith",
                "Chadian delegation",
                Planned,
            ),
            ("Sudanese officials", "metWith", "Chadian delegation", Planned),
            ("Sudanese officials", "travelsTo", "Doha", Planned),
            // "Chad's chief negotiator, X,": a possessed title in apposition.
            ("Mahamat Zakaria", "represents", "Chad", Actual),
            ("Mahamat Zakaria", "travelsTo", "Doha", Planned),
            // "The Sudanese delegation will be led by Foreign Minister Y".
            ("Idris Abakar", "leads", "Sudanese officials", Planned),
            // "Envoys from Egypt and Saudi Arabia are also expected to attend".
            ("Egyptian delegation", "metWith", "Chadian delegation", Planned),
            ("Omar Hassan", "metWith", "Chadian delegation", Planned),
        ],
        &[
            ("Mahamat Zakaria", "travelsTo", "N'Djamena"),
            // "Sudanese Interior Minister X is expected to join the talks": he joins the other
            // side, not his own.
            ("Omar Hassan", "metWith", "Sudanese officials"),
        ],
        &[("Reuters", "Organization")],
    );
}

#[test]
fn three_way_summit_with_separate_bilaterals() {
    check(
        "seoul-trilateral.txt",
        &[
            ("Wang Lihua", "travelsTo", "Seoul", Actual),
            ("Wang Lihua", "leads", "China", Actual),
            ("Kenji Sato", "leads", "Japan", Actual),
            // "a trilateral summit with President X and Japanese Prime Minister Y".
            ("Wang Lihua", "metWith", "Kenji Sato", Actual),
            ("Wang Lihua", "metWith", "Park Min-seo", Actual),
            ("Kenji Sato", "metWith", "Park Min-seo", Actual),
            // A president whose title names no country, in a Seoul dateline.
            ("Park Min-seo", "leads", "South Korea", Actual),
            ("Wang Lihua", "travelsTo", "Busan", Planned),
            ("Wang Lihua", "travelsTo", "Tokyo", Planned),
            ("Wang Lihua", "travelsTo", "Osaka", Planned),
        ],
        // "The Chinese premier is scheduled to hold bilateral meetings in Busan and later in
        // Tokyo and Osaka": his trips, a new occasion; the summit's other guests stay out.
        &[
            ("Kenji Sato", "leads", "China"),
            ("Kenji Sato", "travelsTo", "Busan"),
        ],
        &[("Yonhap", "Organization")],
    );
}

#[test]
fn state_visit_welcome_and_a_summit_not_attended() {
    check(
        "buenos-aires-state-visit.txt",
        &[
            ("Luiz Carlos da Rocha", "leads", "Brazil", Actual),
            ("Luiz Carlos da Rocha", "travelsTo", "Buenos Aires", Actual),
            ("Luiz Carlos da Rocha", "travelsTo", "Argentina", Actual),
            // "He was welcomed ... by Argentine President X".
            ("Luiz Carlos da Rocha", "metWith", "Julia Mendez", Actual),
            ("Julia Mendez", "leads", "Argentina", Actual),
            // "Accompanied by Foreign Minister Y, da Rocha ...".
            ("Paulo de Souza", "represents", "Brazil", Actual),
            // "did not attend the Mercosur summit in Montevideo".
            ("Luiz Carlos da Rocha", "travelsTo", "Montevideo", Negated),
            ("Luiz Carlos da Rocha", "travelsTo", "Santiago", Planned),
        ],
        // "the Mercosur summit": the name before the noun is whose summit, not who met.
        &[("Luiz Carlos da Rocha", "metWith", "Mercosur")],
        &[("Luiz Carlos da Rocha", "Person")],
    );
}

#[test]
fn resumed_talks_implied_sides_and_a_chair() {
    check(
        "nairobi-ceasefire.txt",
        &[
            // "Talks between Ethiopian and Eritrean officials resumed in Nairobi".
            ("Ethiopian officials", "metWith", "Eritrean delegation", Actual),
            ("Eritrean delegation", "travelsTo", "Nairobi", Actual),
            // "The delegations from Kenya, Ethiopia and Eritrea agreed to meet again".
            ("Eritrean delegation", "metWith", "Kenyan delegation", Actual),
            ("Samuel Otieno", "represents", "Kenya", Actual),
            // "The Eritrean team is headed by Defence Minister X".
            ("Yonas Tesfai", "leads", "Eritrean delegation", Actual),
            ("Yonas Tesfai", "represents", "Eritrea", Actual),
            // "Ethiopia's delegation includes Deputy Foreign Minister Y".
            ("Hana Girma", "represents", "Ethiopia", Actual),
            // "who chaired the talks alongside African Union envoy Z".
            ("Grace Mwangi", "represents", "African Union", Actual),
            ("Grace Mwangi", "metWith", "Eritrean delegation", Actual),
            // "African Union officials ... are being led by X": a movement's or a bloc's
            // delegation stands for it as a country's does.
            ("Bankole Adeyemi", "leads", "African Union delegation", Actual),
            ("Bankole Adeyemi", "represents", "African Union", Actual),
        ],
        &[("Yonas Tesfai", "leads", "Ethiopian officials")],
        &[("Nairobi", "City"), ("African Union", "Organization")],
    );
}

#[test]
fn envoys_made_to_wait_then_met_and_an_invitation() {
    check(
        "vienna-envoys.txt",
        &[
            // "made X and his deputy, Y, wait two hours before meeting with them".
            ("Viktor Hallstrom", "metWith", "Daniel Price", Actual),
            ("Viktor Hallstrom", "metWith", "Laura Chen", Actual),
            ("Daniel Price", "represents", "United States", Actual),
            // "... before meeting with them in Vienna": the American guest came; the host did not.
            ("Daniel Price", "travelsTo", "Vienna", Actual),
            // "invited Austrian Foreign Minister Z to Washington for further talks".
            ("Anna Gruber", "travelsTo", "Washington", Planned),
            ("Daniel Price", "metWith", "Anna Gruber", Planned),
            // "The U.S. mediation team -- led by X and Y, a former trade official --".
            ("Daniel Price", "leads", "U.S. mediation team", Actual),
            ("Laura Chen", "leads", "U.S. mediation team", Actual),
            ("U.S. mediation team", "travelsTo", "Vienna", Planned),
            ("Anna Gruber", "represents", "Austria", Actual),
        ],
        &[
            ("Anna Gruber", "travelsTo", "Vienna"),
            ("Viktor Hallstrom", "travelsTo", "Vienna"),
        ],
        &[("Viktor Hallstrom", "Person")],
    );
}

#[test]
fn companion_after_an_adjunct_meeting_abroad_and_a_quoted_invitation() {
    check(
        "lisbon-wreath.txt",
        &[
            // "After landing in Lisbon, accompanied by First Lady X, President Y laid ...".
            ("Mateo Quispe", "travelsTo", "Lisbon", Actual),
            ("Carmen Vidal", "travelsTo", "Lisbon", Actual),
            // "X and Brazilian President Y met on the sidelines of the summit in Porto": both
            // came from abroad.
            ("Mateo Quispe", "metWith", "Joana Teles", Actual),
            ("Joana Teles", "travelsTo", "Porto", Actual),
            // "We invited Secretary X to Madrid for follow up talks", in a quotation.
            ("Lucia Arce", "travelsTo", "Madrid", Planned),
            // "head of Peru's National Intelligence Council".
            ("Lucia Arce", "leads", "National Intelligence Council", Actual),
            ("Lucia Arce", "represents", "Peru", Actual),
            // "The Peruvian leader's state visit to Portugal".
            ("Mateo Quispe", "travelsTo", "Portugal", Actual),
            // "X led the Peruvian delegation alongside Trade Minister Y".
            ("Rosa Mamani", "leads", "Peruvian delegation", Actual),
            ("Rosa Mamani", "represents", "Peru", Actual),
            // "X, together with Foreign Minister Y, met Z".
            ("Ines Costa", "metWith", "Mateo Quispe", Actual),
        ],
        &[
            // The head of a council is no "Peruvian leader".
            ("Lucia Arce", "leads", "Peru"),
            ("Lucia Arce", "travelsTo", "Portugal"),
            // The Portuguese host stays at home.
            ("Rui Almada", "travelsTo", "Lisbon"),
        ],
        &[
            ("Porto", "City"),
            ("National Intelligence Council", "Organization"),
        ],
    );
}

/// "an Ibero-American summit", "Korea-China relations", "the S-U.K. deal": a compound joined
/// to a country, a demonym or a city is no person; "Jean-Pierre" is. Neither are "I'm" and
/// an adverb opening a sentence ("Ordinarily, ...").
#[test]
fn compounds_of_places_are_no_people() {
    let (_, ents) = facts("lisbon-wreath.txt", "2026-10-14");
    assert!(!ents.iter().any(|(label, _)| label.contains("Ibero")), "{ents:?}");
    let text = "President Park Min-seo discussed Korea-China relations and the S-U.K. deal with \
                Southeast Asian leaders and Jean-Pierre Moreau in Seoul. \u{201C}That is all \
                I\u{2019}m telling you,\u{201D} he said. Ordinarily, the talks end early.";
    let doc = Document::new("compounds", text, Metadata::default());
    let a = Pipeline::new(Lexicons::builtin()).annotate(&doc);
    let people: Vec<&str> = a
        .entities
        .iter()
        .filter(|e| e.etype.name() == "Person")
        .map(|e| e.label.as_str())
        .collect();
    assert_eq!(people, ["Park Min-seo", "Jean-Pierre Moreau"]);
}

/// Relations of a short text written for one construction, as (subject, predicate, object).
fn relations_of(text: &str) -> Vec<(String, String, String)> {
    let doc = Document::new("construction", text, Metadata::default());
    let a = Pipeline::new(Lexicons::builtin()).annotate(&doc);
    a.relations
        .iter()
        .map(|r| {
            (
                a.entities[r.subject].label.clone(),
                r.predicate.name().to_string(),
                a.entities[r.object].label.clone(),
            )
        })
        .collect()
}

/// "the Russian leader" is the only president named before whose title names no country,
/// unless someone has been named in full since without any title: he may be the one meant.
#[test]
fn nominal_leader_and_an_untitled_man_named_since() {
    let has = |rels: &[(String, String, String)], s: &str, p: &str, o: &str| {
        rels.iter().any(|(a, q, b)| a == s && q == p && b == o)
    };
    let rels =
        relations_of("President Tomas Reyes sent Okafor to Lima. The talks were the Peruvian leader's idea.");
    assert!(has(&rels, "Tomas Reyes", "leads", "Peru"), "{rels:?}");
    let rels = relations_of(
        "President Tomas Reyes sent Okafor to Moscow. Viktor Orlov had been accessible. The years \
         had concentrated the Russian leader's power.",
    );
    assert!(!has(&rels, "Tomas Reyes", "leads", "Russia"), "{rels:?}");
}

/// "received" meets someone, not a status; "deep in the Russian government" is no trip.
#[test]
fn received_takes_people_and_a_demonym_before_a_noun_is_no_place() {
    let rels = relations_of(
        "Ukrainians in Ireland have received IRP status since March. President Tomas Reyes \
         received the Kenyan delegation in Lima. Ukrainian intelligence chief Mykola Oduya met \
         Denys Kovalenko, a banker with contacts deep in the Russian government.",
    );
    let has = |s: &str, p: &str, o: &str| rels.iter().any(|(a, q, b)| a == s && q == p && b == o);
    assert!(has("Tomas Reyes", "metWith", "Kenyan delegation"), "{rels:?}");
    assert!(has("Kenyan delegation", "travelsTo", "Lima"), "{rels:?}");
    assert!(!rels.iter().any(|(_, _, o)| o == "IRP"), "{rels:?}");
    assert!(!has("Mykola Oduya", "travelsTo", "Russia"), "{rels:?}");
}

#[test]
fn delegation_led_to_a_capital_and_travel_for_talks_next_week() {
    check(
        "accra-delegation.txt",
        &[
            // "led a high-level delegation to Abuja": the leader goes there.
            ("Kofi Mensah", "travelsTo", "Abuja", Actual),
            ("Kofi Mensah", "represents", "Ghana", Actual),
            ("Kofi Mensah", "metWith", "Musa Bello", Actual),
            ("Musa Bello", "represents", "Nigeria", Actual),
            // "Indian External Affairs Minister X": a compound minister's title.
            ("Ravi Menon", "represents", "India", Actual),
            // "will travel to Riyadh next week for talks with Y": the traveller meets Y.
            ("Ravi Menon", "travelsTo", "Riyadh", Planned),
            ("Ravi Menon", "metWith", "Khalid bin Saad", Planned),
            // "X and Y agreed to reopen their border during a summit in Accra on Saturday":
            // they met there, whatever the agreement plans.
            ("Yao Kone", "metWith", "Joseph Doe", Actual),
            ("Joseph Doe", "travelsTo", "Accra", Actual),
            ("Yao Kone", "travelsTo", "Accra", Actual),
            // "received X at Jubilee House in Accra": the guest from abroad came to Accra.
            ("Ama Owusu", "metWith", "Faure Kodjo", Actual),
            ("Faure Kodjo", "travelsTo", "Accra", Actual),
            // "On the sidelines of the summit in Addis Ababa, X met Y": a place before the
            // subject; both came from abroad.
            ("Esi Boateng", "metWith", "John Otieno", Actual),
            ("Esi Boateng", "travelsTo", "Addis Ababa", Actual),
            ("John Otieno", "travelsTo", "Addis Ababa", Actual),
            // "IMF Managing Director X".
            ("Esi Boateng", "metWith", "Kristina Varga", Actual),
            ("Kristina Varga", "leads", "International Monetary Fund", Actual),
            // "is now on a three-day visit to Togo".
            ("Esi Boateng", "travelsTo", "Togo", Actual),
            // "Liberal Democrat leader X": the name before a lower-case title is an
            // organisation, which X leads.
            ("Kwesi Appiah", "metWith", "Ama Sarpong", Actual),
            ("Ama Sarpong", "leads", "Liberal Democrat", Actual),
            // "postponed her planned trip to Lome"; "a meeting ... was postponed".
            ("Ama Owusu", "travelsTo", "Lomé", Planned),
            ("Ghanaian officials", "metWith", "Togolese delegation", Planned),
            // "A Nigerian delegation led by X will attend the Africa Business Forum in
            // Abidjan": the delegation and its head go there.
            ("Nigerian delegation", "travelsTo", "Abidjan", Planned),
            ("Bola Ige", "travelsTo", "Abidjan", Planned),
            // "returned to Monrovia after a two-day visit to Ghana": the visit was a trip, the
            // return home is not.
            ("Joseph Doe", "travelsTo", "Ghana", Actual),
        ],
        &[
            // "is expected back in Accra": home, not a trip abroad.
            ("Musa Bello", "travelsTo", "Abuja"),
            // "X said the chamber would meet Y": the chamber meets, not the speaker.
            ("Amos Kpoto", "metWith", "Ivorian delegation"),
            // Also "attended a memorial ceremony in Accra": at home.
            ("Ama Owusu", "travelsTo", "Accra"),
            ("Joseph Doe", "travelsTo", "Monrovia"),
        ],
        &[("Accra", "City"), ("Liberal Democrat", "Organization")],
    );
}
