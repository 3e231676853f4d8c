//! Diesel's description of the tables, shared by both engines.
//!
//! Written by hand to match `schema/migrations/{sqlite,postgres}`: only column types that both
//! engines share are used (IDs and JSON as `Text`, times as UTC `Timestamp`).

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        message_id -> Text,
        template -> Text,
        recipient_address -> Text,
        recipient_name -> Nullable<Text>,
        locale -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamp,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        list_unsubscribe -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        email_normalized -> Text,
        display_name -> Text,
        password_hash -> Text,
        locale -> Text,
        country_code -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        suspended_at -> Nullable<Timestamp>,
        suspension_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        tokens_valid_after -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        token_generation -> Integer,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rate_limit_windows (bucket, window_start) {
        bucket -> Text,
        window_start -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    role_grants (id) {
        id -> Text,
        user_id -> Text,
        role -> Text,
        scope_id -> Nullable<Text>,
        granted_by -> Nullable<Text>,
        created_at -> Timestamp,
        scope_type -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        details -> Text,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(role_grants -> users (user_id));

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        country_code -> Nullable<Text>,
        website -> Nullable<Text>,
        created_by -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        organization_id -> Text,
        user_id -> Nullable<Text>,
        invited_email -> Nullable<Text>,
        invitation_token_hash -> Nullable<Text>,
        invitation_expires_at -> Nullable<Timestamp>,
        role -> Text,
        status -> Text,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultations (id) {
        id -> Text,
        organization_id -> Text,
        slug -> Text,
        country_code -> Nullable<Text>,
        topics -> Text,
        original_locale -> Text,
        status -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consultation_translations (consultation_id, locale) {
        consultation_id -> Text,
        locale -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
    }
}

diesel::table! {
    sections (id) {
        id -> Text,
        consultation_id -> Text,
        position -> Integer,
        current_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    section_versions (id) {
        id -> Text,
        section_id -> Text,
        version -> Integer,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    section_version_translations (section_version_id, locale) {
        section_version_id -> Text,
        locale -> Text,
        heading -> Text,
        body -> Text,
    }
}

diesel::table! {
    comment_rounds (id) {
        id -> Text,
        consultation_id -> Text,
        title -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        extension_reason -> Nullable<Text>,
        audience -> Text,
        allowed_organization_kinds -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        opened_notice_at -> Nullable<Timestamp>,
        reminder_sent_for -> Nullable<Timestamp>,
    }
}

diesel::table! {
    round_invitations (round_id, organization_id) {
        round_id -> Text,
        organization_id -> Text,
    }
}

diesel::table! {
    comments (id) {
        id -> Text,
        tracking_number -> Text,
        consultation_id -> Text,
        round_id -> Text,
        section_id -> Nullable<Text>,
        section_version_id -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        depth -> Integer,
        author_id -> Text,
        organization_id -> Nullable<Text>,
        stakeholder_kind -> Text,
        author_country -> Nullable<Text>,
        income_group -> Nullable<Text>,
        region -> Nullable<Text>,
        language -> Text,
        stance -> Text,
        confidential -> Bool,
        status -> Text,
        body -> Text,
        version -> Integer,
        endorsement_count -> Integer,
        flag_count -> Integer,
        review_requested_at -> Nullable<Timestamp>,
        moderation_reason -> Nullable<Text>,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        text_fingerprint -> Nullable<Text>,
    }
}

diesel::table! {
    comment_text_groups (round_id, fingerprint) {
        round_id -> Text,
        fingerprint -> Text,
        consultation_id -> Text,
        size -> BigInt,
    }
}

diesel::table! {
    participation_counts (round_id, dimension, value) {
        round_id -> Text,
        dimension -> Text,
        value -> Text,
        consultation_id -> Text,
        count -> BigInt,
    }
}

diesel::table! {
    comment_versions (comment_id, version) {
        comment_id -> Text,
        version -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comment_endorsements (comment_id, user_id) {
        comment_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comment_flags (comment_id, user_id) {
        comment_id -> Text,
        user_id -> Text,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comment_responses (id) {
        id -> Text,
        comment_id -> Text,
        organization_id -> Text,
        author_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consultation_outcomes (consultation_id) {
        consultation_id -> Text,
        summary -> Text,
        published_by -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    section_outcomes (consultation_id, section_id) {
        consultation_id -> Text,
        section_id -> Text,
        position -> Integer,
        changes -> Text,
    }
}

diesel::table! {
    section_outcome_comments (consultation_id, section_id, comment_id) {
        consultation_id -> Text,
        section_id -> Text,
        comment_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    courses (id) {
        id -> Text,
        slug -> Text,
        original_locale -> Text,
        level -> Text,
        estimated_hours -> Integer,
        pass_mark -> Integer,
        version -> Integer,
        available_locales -> Text,
        outdated_locales -> Text,
        fingerprint -> Text,
        imported_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    course_translations (course_id, locale) {
        course_id -> Text,
        locale -> Text,
        title -> Text,
        summary -> Text,
        translates_version -> Nullable<Integer>,
    }
}

diesel::table! {
    course_modules (id) {
        id -> Text,
        course_id -> Text,
        key -> Text,
        position -> Integer,
        version -> Integer,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    course_module_translations (module_id, locale) {
        module_id -> Text,
        locale -> Text,
        title -> Text,
        summary -> Text,
        translates_version -> Nullable<Integer>,
    }
}

diesel::table! {
    lessons (id) {
        id -> Text,
        course_id -> Text,
        module_id -> Text,
        key -> Text,
        position -> Integer,
        estimated_minutes -> Integer,
        version -> Integer,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    lesson_translations (lesson_id, locale) {
        lesson_id -> Text,
        locale -> Text,
        title -> Text,
        markdown -> Text,
        html -> Text,
        translates_version -> Nullable<Integer>,
    }
}

diesel::table! {
    quizzes (id) {
        id -> Text,
        course_id -> Text,
        module_id -> Text,
        key -> Text,
        version -> Integer,
        max_attempts -> Integer,
        questions -> Text,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    quiz_translations (quiz_id, locale) {
        quiz_id -> Text,
        locale -> Text,
        text -> Text,
        translates_version -> Nullable<Integer>,
    }
}

diesel::joinable!(consultation_translations -> consultations (consultation_id));
diesel::joinable!(sections -> consultations (consultation_id));
diesel::joinable!(section_versions -> sections (section_id));
diesel::joinable!(section_version_translations -> section_versions (section_version_id));
diesel::joinable!(comment_rounds -> consultations (consultation_id));
diesel::joinable!(round_invitations -> comment_rounds (round_id));
diesel::joinable!(comment_versions -> comments (comment_id));
diesel::joinable!(comment_endorsements -> comments (comment_id));
diesel::joinable!(comment_flags -> comments (comment_id));
diesel::joinable!(comment_responses -> comments (comment_id));

diesel::table! {
    cohorts (id) {
        id -> Text,
        course_id -> Text,
        name -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        enrollment_opens_at -> Timestamp,
        enrollment_closes_at -> Timestamp,
        capacity -> Integer,
        priority_seats -> Integer,
        requires_approval -> Bool,
        priority_released_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    enrollments (id) {
        id -> Text,
        cohort_id -> Text,
        user_id -> Text,
        status -> Text,
        seat -> Nullable<Text>,
        priority_eligible -> Bool,
        country_code -> Nullable<Text>,
        income_group -> Nullable<Text>,
        region -> Nullable<Text>,
        motivation -> Nullable<Text>,
        waitlist_number -> Nullable<Integer>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        seated_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    lesson_completions (enrollment_id, lesson_id) {
        enrollment_id -> Text,
        lesson_id -> Text,
        completed_at -> Timestamp,
    }
}

diesel::table! {
    quiz_attempts (id) {
        id -> Text,
        enrollment_id -> Text,
        quiz_id -> Text,
        attempt -> Integer,
        quiz_version -> Integer,
        answers -> Text,
        score -> Integer,
        max_score -> Integer,
        passed -> Bool,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    certificate_keys (kid) {
        kid -> Text,
        public_jwk -> Text,
        first_used_at -> Timestamp,
    }
}

diesel::table! {
    certificates (id) {
        id -> Text,
        code -> Text,
        enrollment_id -> Text,
        user_id -> Text,
        course_id -> Text,
        locale -> Text,
        credential -> Nullable<Text>,
        issued_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revocation_reason -> Nullable<Text>,
        revoked_by -> Nullable<Text>,
    }
}

diesel::joinable!(course_translations -> courses (course_id));
diesel::joinable!(course_modules -> courses (course_id));
diesel::joinable!(course_module_translations -> course_modules (module_id));
diesel::joinable!(lessons -> course_modules (module_id));
diesel::joinable!(lesson_translations -> lessons (lesson_id));
diesel::joinable!(quizzes -> course_modules (module_id));
diesel::joinable!(quiz_translations -> quizzes (quiz_id));
diesel::joinable!(cohorts -> courses (course_id));
diesel::joinable!(enrollments -> cohorts (cohort_id));
diesel::joinable!(enrollments -> users (user_id));
diesel::joinable!(lesson_completions -> enrollments (enrollment_id));
diesel::joinable!(quiz_attempts -> enrollments (enrollment_id));
diesel::joinable!(lesson_completions -> lessons (lesson_id));
diesel::joinable!(quiz_attempts -> quizzes (quiz_id));
diesel::joinable!(certificates -> enrollments (enrollment_id));

diesel::joinable!(memberships -> organizations (organization_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_secrets,
    mail_outbox,
    users,
    role_grants,
    audit_log,
    refresh_tokens,
    account_tokens,
    rate_limit_windows,
    organizations,
    memberships,
    consultations,
    consultation_translations,
    sections,
    section_versions,
    section_version_translations,
    comment_rounds,
    round_invitations,
    comments,
    comment_versions,
    comment_endorsements,
    comment_flags,
    comment_responses,
    comment_text_groups,
    participation_counts,
    courses,
    course_translations,
    course_modules,
    course_module_translations,
    lessons,
    lesson_translations,
    quizzes,
    quiz_translations,
    cohorts,
    enrollments,
    lesson_completions,
    quiz_attempts,
    certificates,
    certificate_keys,
    consultation_outcomes,
    section_outcomes,
    section_outcome_comments,
    consultation_follows,
    follower_notices,
    idempotency_keys,
);

diesel::table! {
    consultation_follows (consultation_id, user_id) {
        consultation_id -> Text,
        user_id -> Text,
        followed_at -> Timestamp,
    }
}

diesel::table! {
    follower_notices (id) {
        id -> Text,
        consultation_id -> Text,
        template -> Text,
        round_title -> Nullable<Text>,
        closes_at -> Nullable<Timestamp>,
        extension_reason -> Nullable<Text>,
        created_at -> Timestamp,
        sent_through -> Text,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(consultation_follows -> consultations (consultation_id));
diesel::joinable!(consultation_follows -> users (user_id));

diesel::table! {
    idempotency_keys (user_id, operation, idempotency_key) {
        user_id -> Text,
        operation -> Text,
        idempotency_key -> Text,
        object_id -> Text,
        input_fingerprint -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(idempotency_keys -> users (user_id));
