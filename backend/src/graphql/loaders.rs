//! Per-request DataLoaders: rows that many objects of one response refer to (the users and
//! organizations of a page of memberships, later the authors of a page of comments) are loaded
//! in one query per kind instead of one per object. They are built for each request and never
//! shared, so one caller's rows can never be served to another.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use diesel::prelude::*;

use crate::consultations::loaders::ConsultationLoaders;
use crate::db::schema::{organizations, users};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, AppResult};
use crate::identity::model::{User, UserId};
use crate::organizations::model::{Organization, OrganizationId};
use crate::training::loaders::TrainingLoaders;

/// The loaders of one request.
pub struct Loaders {
    pub users: DataLoader<UserLoader>,
    pub organizations: DataLoader<OrganizationLoader>,
    pub consultations: ConsultationLoaders,
    pub training: TrainingLoaders,
}

impl Loaders {
    /// Fresh loaders for one request (or one websocket operation).
    pub fn for_request(db: &Db) -> Self {
        Self {
            users: DataLoader::new(UserLoader(db.clone()), tokio::spawn),
            organizations: DataLoader::new(OrganizationLoader(db.clone()), tokio::spawn),
            consultations: ConsultationLoaders::for_request(db),
            training: TrainingLoaders::for_request(db),
        }
    }
}

/// Why a batch could not be loaded (shared by every object that asked).
#[derive(Debug, Clone)]
pub struct LoadError(Arc<String>);

impl From<LoadError> for AppError {
    fn from(error: LoadError) -> Self {
        AppError::internal(anyhow::anyhow!("a batch load failed: {}", error.0))
    }
}

/// Wraps the error of a failed batch.
pub fn load_error(error: AppError) -> LoadError {
    LoadError(Arc::new(format!("{error:?}")))
}

/// Runs one batch query for `keys` and indexes its rows by key with `index`.
pub async fn batch<K, V, R>(
    db: &Db,
    keys: &[K],
    query: impl FnOnce(&mut DbConnection, &[K]) -> diesel::QueryResult<Vec<R>> + Send + 'static,
    index: impl Fn(R, &mut HashMap<K, V>) + Send + 'static,
) -> Result<HashMap<K, V>, LoadError>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Send + 'static,
    R: Send + 'static,
{
    let keys = keys.to_vec();
    db.run(move |connection| -> AppResult<HashMap<K, V>> {
        let rows = query(connection, &keys)?;
        let mut indexed = HashMap::new();
        for row in rows {
            index(row, &mut indexed);
        }
        Ok(indexed)
    })
    .await
    .map_err(load_error)
}

/// Users by ID. Callers apply the privacy rules of `User` as usual.
pub struct UserLoader(Db);

impl Loader<UserId> for UserLoader {
    type Value = User;
    type Error = LoadError;

    async fn load(&self, keys: &[UserId]) -> Result<HashMap<UserId, User>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |connection| {
                Ok(users::table.filter(users::id.eq_any(&keys)).select(User::as_select()).load(connection)?)
            })
            .await
            .map_err(load_error)?;
        Ok(rows.into_iter().map(|user| (user.id.clone(), user)).collect())
    }
}

/// Organizations by ID, without a visibility check: use it only where the caller may already
/// see the object that refers to the organization (a membership of it).
pub struct OrganizationLoader(Db);

impl Loader<OrganizationId> for OrganizationLoader {
    type Value = Organization;
    type Error = LoadError;

    async fn load(&self, keys: &[OrganizationId]) -> Result<HashMap<OrganizationId, Organization>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |connection| {
                Ok(organizations::table
                    .filter(organizations::id.eq_any(&keys))
                    .select(Organization::as_select())
                    .load(connection)?)
            })
            .await
            .map_err(load_error)?;
        Ok(rows.into_iter().map(|organization| (organization.id.clone(), organization)).collect())
    }
}
