//! `newskg entities`, `merge` and `split`: the entities of the merged view, and the user's
//! corrections to them (kept in the store's corrections file, so that every later ingest and
//! rebuild applies them).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use newskg::entities::{self, EntityInfo};
use newskg::query::table;
use newskg::rdf::vocab::compact;
use newskg::resolve::Correction;
use newskg::store::{CORRECTIONS, Store};

use crate::cli::{EntitiesArgs, MergeArgs, SplitArgs};

fn writer(store: &Path, command: &str) -> Result<Store> {
    if !store.exists() {
        bail!(
            "no store at {}; run `newskg --store {} ingest FILE` first",
            store.display(),
            store.display()
        );
    }
    Store::open_writer(store, command).with_context(|| format!("cannot open the store {}", store.display()))
}

pub fn entities(store_path: &Path, args: EntitiesArgs) -> Result<ExitCode> {
    let store = if args.rebuild {
        let store = writer(store_path, "entities --rebuild")?;
        let s = store
            .rebuild_view()
            .with_context(|| format!("cannot rebuild the merged view of {}", store_path.display()))?;
        eprintln!(
            "rebuilt the merged view: {} entities from {} names ({} merges, {} refused), {} facts",
            s.entities, s.names, s.merges, s.refusals, s.facts
        );
        store
    } else {
        Store::open_reader(store_path)
            .with_context(|| format!("cannot read the store {}", store_path.display()))?
    };
    let mut out = super::output(None)?;
    match &args.name {
        None => {
            let rows: Vec<Vec<String>> = entities::list(&store.db)?
                .into_iter()
                .map(|(iri, label, n)| vec![compact(&iri), label, n.to_string()])
                .collect();
            table(
                &["entity".into(), "name".into(), "articles".into()],
                &rows,
                &mut out,
            )?;
        }
        Some(name) => {
            let found = entities::search(&store.db, name)?;
            if found.is_empty() {
                writeln!(out, "no entity has a name containing {name:?}")?;
            }
            for e in &found {
                show(e, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn show(e: &EntityInfo, out: &mut dyn Write) -> Result<()> {
    let types: Vec<String> = e.types.iter().map(|t| compact(t)).collect();
    writeln!(
        out,
        "{}  {}  ({}; {} article{})",
        compact(&e.iri),
        e.label,
        types.join(", "),
        e.articles,
        if e.articles == 1 { "" } else { "s" }
    )?;
    if !e.names.is_empty() {
        writeln!(out, "  other names: {}", e.names.join(", "))?;
    }
    if !e.titles.is_empty() {
        writeln!(out, "  titles: {}", e.titles.join(", "))?;
    }
    if e.members.len() > 1 {
        writeln!(out, "  merged from:")?;
        for (m, why) in &e.members {
            match why.as_slice() {
                [] => writeln!(out, "    {}", compact(m))?,
                _ => writeln!(out, "    {}: {}", compact(m), why.join("; "))?,
            }
        }
    }
    for r in &e.refused {
        writeln!(out, "  not merged: {r}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The one entity a name or IRI given on the command line stands for.
fn one_entity(store: &Store, text: &str) -> Result<String> {
    if let Some(iri) = entities::expand(text) {
        let known = entities::name_iris(&store.db, &iri)?;
        if let Some((_, e)) = known.first() {
            return Ok(e.clone());
        }
        bail!("no entity {text} in the store; `newskg entities NAME` lists them");
    }
    let found = entities::by_name(&store.db, text)?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no entity is named {text:?}; `newskg entities {text}` searches the names"),
        many => {
            let list: Vec<String> = many.iter().map(|m| compact(m)).collect();
            bail!(
                "{text:?} names {} entities ({}); give the IRI of the one you mean",
                many.len(),
                list.join(", ")
            )
        }
    }
}

fn rebuilt(store: &Store, store_path: &Path) -> Result<()> {
    let s = store
        .rebuild_view()
        .with_context(|| format!("cannot rebuild the merged view of {}", store_path.display()))?;
    println!(
        "recorded in {}; the merged view now has {} entities ({} merges)",
        store_path.join(CORRECTIONS).display(),
        s.entities,
        s.merges
    );
    Ok(())
}

pub fn merge(store_path: &Path, args: MergeArgs) -> Result<ExitCode> {
    let store = writer(store_path, "merge")?;
    let a = one_entity(&store, &args.a)?;
    let b = one_entity(&store, &args.b)?;
    if a == b {
        println!("{} and {} are one entity already", args.a, args.b);
        return Ok(ExitCode::SUCCESS);
    }
    store.add_correction(&Correction::Merge(a.clone(), b.clone()))?;
    println!("merged {} and {}", compact(&a), compact(&b));
    rebuilt(&store, store_path)?;
    Ok(ExitCode::SUCCESS)
}

pub fn split(store_path: &Path, args: SplitArgs) -> Result<ExitCode> {
    let store = writer(store_path, "split")?;
    let known = entities::name_iris(&store.db, &args.name)?;
    let iri = match known.as_slice() {
        [(iri, _)] => iri.clone(),
        [] => bail!(
            "no article gives the name {:?}; `newskg entities NAME` shows the IRIs each entity is merged from",
            args.name
        ),
        many => {
            let list: Vec<String> = many.iter().map(|(m, _)| compact(m)).collect();
            bail!(
                "{:?} is the name of {} things ({}); give the IRI of the one to split",
                args.name,
                many.len(),
                list.join(", ")
            )
        }
    };
    store.add_correction(&Correction::Split(iri.clone()))?;
    println!(
        "{} is kept apart from the entity it was merged into",
        compact(&iri)
    );
    rebuilt(&store, store_path)?;
    Ok(ExitCode::SUCCESS)
}
