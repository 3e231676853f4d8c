//! Countries: the table every participant's country comes from ([`model`]) and its API
//! ([`graphql`]).

pub mod graphql;
pub mod model;
