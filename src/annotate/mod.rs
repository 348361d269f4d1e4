//! The annotation pipeline: stages that each add one layer to an [`Annotated`] document.
//!
//! text → layout (blocks, headline, dateline) → tokens → sentences → mentions → roles →
//! coreference (entities) → syntax (parts of speech, verb groups) → quotes → relations →
//! modality (status) → time → events.
//! Every layer holds spans or indices into the layers before it, never copies of the text, and
//! every fact keeps the evidence (sentence, span, rule id) of the stage that found it.

pub mod coref;
pub mod events;
pub mod layout;
pub mod mentions;
pub mod modality;
pub mod names;
pub mod quotes;
pub mod relations;
pub mod roles;
pub mod sentences;
pub mod sides;
pub mod syntax;
pub mod time;
pub mod tokens;
mod types;

pub use types::*;

use crate::document::Document;
use crate::lexicon::Lexicons;

/// One annotation stage: reads the layers before it and adds its own.
pub trait Stage: Sync {
    /// Name shown in `extract --format json` and in error messages.
    fn name(&self) -> &'static str;
    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons);
}

/// The stages in order, over one set of lexicons shared by every article.
pub struct Pipeline<'l> {
    lex: &'l Lexicons,
    stages: Vec<Box<dyn Stage>>,
}

impl<'l> Pipeline<'l> {
    pub fn new(lex: &'l Lexicons) -> Self {
        Pipeline {
            lex,
            stages: vec![
                Box::new(layout::Layout),
                Box::new(tokens::Tokens),
                Box::new(sentences::Sentences),
                Box::new(mentions::Mentions),
                Box::new(roles::Roles),
                Box::new(coref::Coref),
                Box::new(syntax::Syntax),
                Box::new(quotes::Quotes),
                Box::new(relations::Relations),
                Box::new(modality::Modality),
                Box::new(time::Time),
                Box::new(events::Events),
            ],
        }
    }

    pub fn lexicons(&self) -> &'l Lexicons {
        self.lex
    }

    /// Runs every stage over one article, adding the time each took to `times` (by stage
    /// order), for profiling.
    pub fn annotate_timed<'d>(
        &self,
        doc: &'d Document,
        times: &mut Vec<(&'static str, std::time::Duration)>,
    ) -> Annotated<'d> {
        let mut ann = Annotated::new(doc);
        times.resize(self.stages.len(), ("", std::time::Duration::ZERO));
        for (i, stage) in self.stages.iter().enumerate() {
            let t = std::time::Instant::now();
            stage.run(&mut ann, self.lex);
            times[i].0 = stage.name();
            times[i].1 += t.elapsed();
        }
        ann
    }

    /// Runs every stage over one article.
    pub fn annotate<'d>(&self, doc: &'d Document) -> Annotated<'d> {
        let mut ann = Annotated::new(doc);
        for stage in &self.stages {
            stage.run(&mut ann, self.lex);
        }
        ann
    }
}
