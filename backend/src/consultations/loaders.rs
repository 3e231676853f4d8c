//! Per-request DataLoaders of the consultation objects: a page of comments loads its rounds,
//! sections, answered section texts, parents, responses and the reader's endorsements in one
//! query per kind, however long the page. Built per request (see `graphql::loaders`).

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};

use super::comments::store as comment_store;
use super::model::{
    Comment, CommentId, CommentResponse, CommentRound, Consultation, ConsultationId, ConsultationTranslation, RoundId,
    Section, SectionId, SectionTranslation, SectionVersion, SectionVersionId,
};
use super::outcomes::store::{self as outcome_store, Outcome};
use super::statistics::store as statistics_store;
use super::store;
use crate::db::Db;
use crate::graphql::loaders::{LoadError, batch};
use crate::identity::model::UserId;

/// The consultation loaders of one request.
pub struct ConsultationLoaders {
    pub consultations: DataLoader<ConsultationLoader>,
    pub consultation_translations: DataLoader<ConsultationTranslationLoader>,
    pub sections: DataLoader<SectionLoader>,
    pub current_versions: DataLoader<CurrentVersionLoader>,
    pub section_versions: DataLoader<SectionVersionLoader>,
    pub section_translations: DataLoader<SectionTranslationLoader>,
    pub rounds: DataLoader<RoundLoader>,
    pub comments: DataLoader<CommentLoader>,
    pub responses: DataLoader<ResponseLoader>,
    pub endorsements: DataLoader<EndorsementLoader>,
    pub outcomes: DataLoader<OutcomeLoader>,
    pub campaign_sizes: DataLoader<CampaignSizeLoader>,
    pub campaign_first_comments: DataLoader<CampaignFirstCommentLoader>,
    pub following: super::following::loaders::FollowingLoaders,
}

impl ConsultationLoaders {
    pub fn for_request(db: &Db) -> Self {
        Self {
            consultations: DataLoader::new(ConsultationLoader(db.clone()), tokio::spawn),
            consultation_translations: DataLoader::new(ConsultationTranslationLoader(db.clone()), tokio::spawn),
            sections: DataLoader::new(SectionLoader(db.clone()), tokio::spawn),
            current_versions: DataLoader::new(CurrentVersionLoader(db.clone()), tokio::spawn),
            section_versions: DataLoader::new(SectionVersionLoader(db.clone()), tokio::spawn),
            section_translations: DataLoader::new(SectionTranslationLoader(db.clone()), tokio::spawn),
            rounds: DataLoader::new(RoundLoader(db.clone()), tokio::spawn),
            comments: DataLoader::new(CommentLoader(db.clone()), tokio::spawn),
            responses: DataLoader::new(ResponseLoader(db.clone()), tokio::spawn),
            endorsements: DataLoader::new(EndorsementLoader(db.clone()), tokio::spawn),
            outcomes: DataLoader::new(OutcomeLoader(db.clone()), tokio::spawn),
            campaign_sizes: DataLoader::new(CampaignSizeLoader(db.clone()), tokio::spawn),
            campaign_first_comments: DataLoader::new(CampaignFirstCommentLoader(db.clone()), tokio::spawn),
            following: super::following::loaders::FollowingLoaders::for_request(db),
        }
    }
}

/// Consultations by ID, without a visibility check: use it only for objects of a consultation
/// the reader may already see.
pub struct ConsultationLoader(Db);

impl Loader<ConsultationId> for ConsultationLoader {
    type Value = Consultation;
    type Error = LoadError;

    async fn load(&self, keys: &[ConsultationId]) -> Result<HashMap<ConsultationId, Consultation>, LoadError> {
        batch(&self.0, keys, store::consultations_by_id, |row: Consultation, map| {
            map.insert(row.id.clone(), row);
        })
        .await
    }
}

/// Translations of consultations.
pub struct ConsultationTranslationLoader(Db);

impl Loader<ConsultationId> for ConsultationTranslationLoader {
    type Value = Vec<ConsultationTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[ConsultationId]) -> Result<HashMap<ConsultationId, Self::Value>, LoadError> {
        batch(&self.0, keys, store::consultation_translations_of, |row: ConsultationTranslation, map| {
            map.entry(row.consultation_id.clone()).or_insert_with(Vec::new).push(row);
        })
        .await
    }
}

/// Sections by ID.
pub struct SectionLoader(Db);

impl Loader<SectionId> for SectionLoader {
    type Value = Section;
    type Error = LoadError;

    async fn load(&self, keys: &[SectionId]) -> Result<HashMap<SectionId, Section>, LoadError> {
        batch(&self.0, keys, store::sections_by_id, |row: Section, map| {
            map.insert(row.id.clone(), row);
        })
        .await
    }
}

/// The current version of sections.
pub struct CurrentVersionLoader(Db);

impl Loader<SectionId> for CurrentVersionLoader {
    type Value = SectionVersion;
    type Error = LoadError;

    async fn load(&self, keys: &[SectionId]) -> Result<HashMap<SectionId, SectionVersion>, LoadError> {
        batch(&self.0, keys, store::current_versions_of, |row: SectionVersion, map| {
            map.insert(row.section_id.clone(), row);
        })
        .await
    }
}

/// Section versions by ID (the text a comment answered).
pub struct SectionVersionLoader(Db);

impl Loader<SectionVersionId> for SectionVersionLoader {
    type Value = SectionVersion;
    type Error = LoadError;

    async fn load(&self, keys: &[SectionVersionId]) -> Result<HashMap<SectionVersionId, SectionVersion>, LoadError> {
        batch(&self.0, keys, store::section_versions_by_id, |row: SectionVersion, map| {
            map.insert(row.id.clone(), row);
        })
        .await
    }
}

/// Translations of section versions.
pub struct SectionTranslationLoader(Db);

impl Loader<SectionVersionId> for SectionTranslationLoader {
    type Value = Vec<SectionTranslation>;
    type Error = LoadError;

    async fn load(&self, keys: &[SectionVersionId]) -> Result<HashMap<SectionVersionId, Self::Value>, LoadError> {
        batch(&self.0, keys, store::section_translations_of, |row: SectionTranslation, map| {
            map.entry(row.section_version_id.clone()).or_insert_with(Vec::new).push(row);
        })
        .await
    }
}

/// Rounds by ID.
pub struct RoundLoader(Db);

impl Loader<RoundId> for RoundLoader {
    type Value = CommentRound;
    type Error = LoadError;

    async fn load(&self, keys: &[RoundId]) -> Result<HashMap<RoundId, CommentRound>, LoadError> {
        batch(&self.0, keys, store::rounds_by_id, |row: CommentRound, map| {
            map.insert(row.id.clone(), row);
        })
        .await
    }
}

/// Comments by ID (parents of replies), without a visibility check: callers apply it.
pub struct CommentLoader(Db);

impl Loader<CommentId> for CommentLoader {
    type Value = Comment;
    type Error = LoadError;

    async fn load(&self, keys: &[CommentId]) -> Result<HashMap<CommentId, Comment>, LoadError> {
        batch(&self.0, keys, comment_store::comments_by_id, |row: Comment, map| {
            map.insert(row.id.clone(), row);
        })
        .await
    }
}

/// Official responses to comments.
pub struct ResponseLoader(Db);

impl Loader<CommentId> for ResponseLoader {
    type Value = Vec<CommentResponse>;
    type Error = LoadError;

    async fn load(&self, keys: &[CommentId]) -> Result<HashMap<CommentId, Self::Value>, LoadError> {
        batch(&self.0, keys, comment_store::responses_to, |row: CommentResponse, map| {
            map.entry(row.comment_id.clone()).or_insert_with(Vec::new).push(row);
        })
        .await
    }
}

/// Whether the reader endorsed comments: keyed by (reader, comment); present means yes.
pub struct EndorsementLoader(Db);

impl Loader<(UserId, CommentId)> for EndorsementLoader {
    type Value = ();
    type Error = LoadError;

    async fn load(&self, keys: &[(UserId, CommentId)]) -> Result<HashMap<(UserId, CommentId), ()>, LoadError> {
        batch(
            &self.0,
            keys,
            |connection, keys: &[(UserId, CommentId)]| {
                let mut found = Vec::new();
                let mut readers: Vec<&UserId> = keys.iter().map(|(reader, _)| reader).collect();
                readers.sort();
                readers.dedup();
                for reader in readers {
                    let ids: Vec<CommentId> =
                        keys.iter().filter(|(user, _)| user == reader).map(|(_, id)| id.clone()).collect();
                    let endorsed = comment_store::endorsed_by(connection, reader, &ids)?;
                    found.extend(endorsed.into_iter().map(|id| (reader.clone(), id)));
                }
                Ok(found)
            },
            |key: (UserId, CommentId), map| {
                map.insert(key, ());
            },
        )
        .await
    }
}

/// A text group: its round and fingerprint.
pub type TextGroupKey = (RoundId, String);

/// The sizes of text groups (a page of comments shows its campaigns in one query).
pub struct CampaignSizeLoader(Db);

impl Loader<TextGroupKey> for CampaignSizeLoader {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[TextGroupKey]) -> Result<HashMap<TextGroupKey, i64>, LoadError> {
        batch(
            &self.0,
            keys,
            statistics_store::group_sizes,
            |(round, fingerprint, size): (RoundId, String, i64), map| {
                map.insert((round, fingerprint), size);
            },
        )
        .await
    }
}

/// The first published comment of text groups.
pub struct CampaignFirstCommentLoader(Db);

impl Loader<TextGroupKey> for CampaignFirstCommentLoader {
    type Value = Comment;
    type Error = LoadError;

    async fn load(&self, keys: &[TextGroupKey]) -> Result<HashMap<TextGroupKey, Comment>, LoadError> {
        batch(
            &self.0,
            keys,
            statistics_store::first_comments_of_groups,
            |(key, comment): (TextGroupKey, Comment), map| {
                map.insert(key, comment);
            },
        )
        .await
    }
}

/// Whether consultations have a published outcome (a listing asks once for its whole page).
pub struct OutcomeLoader(Db);

impl Loader<ConsultationId> for OutcomeLoader {
    type Value = Outcome;
    type Error = LoadError;

    async fn load(&self, keys: &[ConsultationId]) -> Result<HashMap<ConsultationId, Outcome>, LoadError> {
        batch(&self.0, keys, outcome_store::outcomes_of, |row: Outcome, map| {
            map.insert(row.consultation_id.clone(), row);
        })
        .await
    }
}
