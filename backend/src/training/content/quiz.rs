//! Quiz files: the original holds the questions, their choices and which choices are correct; a
//! translation holds only the text of each question and choice, matched to the original by id.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::fields::{Identifier, Positive, Text};
use super::model::{Choice, Question, QuestionKind, QuestionText, QuizContent, QuizText};
use super::names::PieceFiles;
use super::problem::Problem;
use super::source::{Reader, TomlSource};
use super::translations::check_translates_version;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalFile {
    version: Positive,
    max_attempts: Positive,
    question: Vec<OriginalQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalQuestion {
    id: Spanned<Identifier>,
    kind: QuestionKind,
    prompt: Text,
    explanation: Text,
    choice: Vec<OriginalChoice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalChoice {
    id: Spanned<Identifier>,
    text: Text,
    #[serde(default)]
    correct: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    translates_version: Spanned<Positive>,
    #[serde(default)]
    question: Vec<TranslatedQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslatedQuestion {
    id: Spanned<Identifier>,
    prompt: Text,
    explanation: Text,
    #[serde(default)]
    choice: Vec<TranslatedChoice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslatedChoice {
    id: Spanned<Identifier>,
    text: Text,
}

/// Reads the quiz of the module `module_key`, or reports why it cannot be read.
pub(super) fn read_quiz(reader: &mut Reader<'_>, module_key: &str, files: &PieceFiles<'_>) -> Option<QuizContent> {
    let original = reader.text(files.original).and_then(|text| {
        let source = TomlSource::whole_file(files.original, &text);
        let quiz: OriginalFile = reader.toml(&source)?;
        check_original(reader, &source, &quiz).then_some(quiz)
    });
    // Question id → its choice ids, to match translations against.
    let original_ids: Option<BTreeMap<&str, BTreeSet<&str>>> = original.as_ref().map(|quiz| {
        quiz.question
            .iter()
            .map(|question| {
                (question.id.get_ref().0.as_str(), question.choice.iter().map(|c| c.id.get_ref().0.as_str()).collect())
            })
            .collect()
    });

    let mut texts = BTreeMap::new();
    for &(locale, file) in &files.translations {
        let Some(text) = reader.text(file) else { continue };
        let source = TomlSource::whole_file(file, &text);
        let Some(translation) = reader.toml::<TranslationFile>(&source) else { continue };
        let version = original.as_ref().map(|quiz| quiz.version.0);
        let translates_version = check_translates_version(reader, &source, &translation.translates_version, version);
        if check_translation(reader, &source, &translation, original_ids.as_ref()) {
            let questions = translation.question.into_iter().map(|question| {
                let choices = question.choice.into_iter().map(|choice| (choice.id.into_inner().0, choice.text.0));
                (question.id.into_inner().0, question_text(question.prompt, question.explanation, choices))
            });
            texts.insert(
                locale.to_owned(),
                QuizText { translates_version: Some(translates_version), questions: questions.collect() },
            );
        }
    }

    let original = original?;
    let mut original_text = BTreeMap::new();
    let mut questions = Vec::new();
    for question in original.question {
        let id = question.id.into_inner().0;
        let mut choices = Vec::new();
        let mut choice_texts = Vec::new();
        for choice in question.choice {
            let choice_id = choice.id.into_inner().0;
            choices.push(Choice { id: choice_id.clone(), correct: choice.correct });
            choice_texts.push((choice_id, choice.text.0));
        }
        original_text.insert(id.clone(), question_text(question.prompt, question.explanation, choice_texts));
        questions.push(Question { id, kind: question.kind, choices });
    }
    texts.insert(files.original_locale?.to_owned(), QuizText { translates_version: None, questions: original_text });
    Some(QuizContent {
        key: format!("{module_key}/quiz"),
        version: original.version.0,
        max_attempts: original.max_attempts.0,
        translations: texts,
        questions,
    })
}

fn question_text(prompt: Text, explanation: Text, choices: impl IntoIterator<Item = (String, String)>) -> QuestionText {
    QuestionText { prompt: prompt.0, explanation: explanation.0, choices: choices.into_iter().collect() }
}

/// Whether the questions of an original quiz can be graded, reporting each one that cannot.
fn check_original(reader: &mut Reader<'_>, source: &TomlSource<'_>, quiz: &OriginalFile) -> bool {
    let mut sound = true;
    let mut report = |problem: Problem| {
        reader.report(problem);
        sound = false;
    };
    if quiz.question.is_empty() {
        report(Problem::new(source.file, None, "a quiz needs at least one question"));
    }
    let mut question_ids = BTreeSet::new();
    for question in &quiz.question {
        let id = &question.id.get_ref().0;
        let at_question = |message: String| source.problem_at(question.id.span(), message);
        if !question_ids.insert(id) {
            report(at_question(format!("question `{id}` appears twice in this quiz")));
        }
        let mut choice_ids = BTreeSet::new();
        for choice in &question.choice {
            let choice_id = &choice.id.get_ref().0;
            if !choice_ids.insert(choice_id) {
                report(
                    source
                        .problem_at(choice.id.span(), format!("choice `{choice_id}` appears twice in question `{id}`")),
                );
            }
        }
        if question.choice.len() < 2 {
            report(at_question(format!("question `{id}` needs at least two choices")));
        }
        let correct = question.choice.iter().filter(|choice| choice.correct).count();
        match question.kind {
            QuestionKind::Single if correct != 1 => report(at_question(format!(
                "single-choice question `{id}` needs exactly one correct choice, and has {correct}"
            ))),
            QuestionKind::Multiple if correct == 0 => {
                report(at_question(format!("multiple-choice question `{id}` has no correct choice")));
            }
            _ => {}
        }
    }
    sound
}

/// Whether a translation names each question and choice once, and only those of the original
/// (when the original could be read), reporting each id that does not fit.
fn check_translation(
    reader: &mut Reader<'_>,
    source: &TomlSource<'_>,
    translation: &TranslationFile,
    original_ids: Option<&BTreeMap<&str, BTreeSet<&str>>>,
) -> bool {
    let mut sound = true;
    let mut report = |problem: Problem| {
        reader.report(problem);
        sound = false;
    };
    let mut question_ids = BTreeSet::new();
    for question in &translation.question {
        let id = question.id.get_ref().0.as_str();
        if !question_ids.insert(id) {
            report(source.problem_at(question.id.span(), format!("question `{id}` appears twice in this translation")));
        }
        let original_choices = match original_ids.map(|ids| ids.get(id)) {
            Some(None) => {
                let message = format!("question `{id}` is not in the original quiz");
                report(source.problem_at(question.id.span(), message));
                continue;
            }
            Some(Some(choices)) => Some(choices),
            None => None,
        };
        let mut choice_ids = BTreeSet::new();
        for choice in &question.choice {
            let choice_id = choice.id.get_ref().0.as_str();
            if !choice_ids.insert(choice_id) {
                report(
                    source
                        .problem_at(choice.id.span(), format!("choice `{choice_id}` appears twice in question `{id}`")),
                );
            } else if original_choices.is_some_and(|choices| !choices.contains(choice_id)) {
                let message = format!("choice `{choice_id}` is not a choice of question `{id}` in the original quiz");
                report(source.problem_at(choice.id.span(), message));
            }
        }
    }
    sound
}
