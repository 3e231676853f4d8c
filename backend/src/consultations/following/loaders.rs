//! Per-request DataLoaders of `Consultation.viewerFollows` and `Consultation.followerCount`:
//! one query per page of consultations, however long.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};

use super::store;
use crate::consultations::model::ConsultationId;
use crate::db::Db;
use crate::graphql::loaders::{LoadError, load_error};
use crate::identity::model::UserId;

/// The following loaders of one request.
pub struct FollowingLoaders {
    pub viewer_follows: DataLoader<ViewerFollowsLoader>,
    pub follower_counts: DataLoader<FollowerCountLoader>,
}

impl FollowingLoaders {
    pub fn for_request(db: &Db) -> Self {
        Self {
            viewer_follows: DataLoader::new(ViewerFollowsLoader(db.clone()), tokio::spawn),
            follower_counts: DataLoader::new(FollowerCountLoader(db.clone()), tokio::spawn),
        }
    }
}

/// Whether a user follows a consultation, keyed by (user, consultation); a request asks for
/// one user, the viewer.
pub struct ViewerFollowsLoader(Db);

impl Loader<(UserId, ConsultationId)> for ViewerFollowsLoader {
    type Value = bool;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[(UserId, ConsultationId)],
    ) -> Result<HashMap<(UserId, ConsultationId), bool>, LoadError> {
        let mut by_user: HashMap<UserId, Vec<ConsultationId>> = HashMap::new();
        for (user, consultation) in keys {
            by_user.entry(user.clone()).or_default().push(consultation.clone());
        }
        self.0
            .run(move |connection| {
                let mut followed = HashMap::new();
                for (user, consultations) in by_user {
                    for consultation in store::followed_among(connection, &user, &consultations)? {
                        followed.insert((user.clone(), consultation), true);
                    }
                }
                Ok(followed)
            })
            .await
            .map_err(load_error)
    }
}

/// How many follow a consultation.
pub struct FollowerCountLoader(Db);

impl Loader<ConsultationId> for FollowerCountLoader {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[ConsultationId]) -> Result<HashMap<ConsultationId, i64>, LoadError> {
        let keys = keys.to_vec();
        self.0
            .run(move |connection| Ok(store::follower_counts(connection, &keys)?.into_iter().collect()))
            .await
            .map_err(load_error)
    }
}
