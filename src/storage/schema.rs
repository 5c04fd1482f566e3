// Written by hand with types valid on both SQLite and PostgreSQL (MultiBackend).
// Keep in step with migrations/sqlite and migrations/postgres.

diesel::table! {
    server_settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        public_id -> Text,
        email -> Text,
        email_lower -> Text,
        display_name -> Text,
        password_hash -> Text,
        locale -> Nullable<Text>,
        is_server_admin -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        email_lower -> Text,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        account_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        account_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_preferences (account_id, kind) {
        account_id -> BigInt,
        kind -> Text,
        enabled -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        account_id -> Nullable<BigInt>,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        unsubscribe_url -> Nullable<Text>,
        message_id -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        leased_by -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    coops (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        time_zone -> Text,
        locale -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rulebook_versions (id) {
        id -> BigInt,
        coop_id -> BigInt,
        version -> Integer,
        body -> Text,
        origin -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        coop_id -> BigInt,
        account_id -> BigInt,
        college -> Nullable<Text>,
        is_admin -> Bool,
        is_board -> Bool,
        shares -> BigInt,
        admitted_at -> Timestamp,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        change -> Text,
        changed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        coop_id -> BigInt,
        email -> Text,
        email_lower -> Text,
        college -> Nullable<Text>,
        role -> Text,
        token_hash -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        sent_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<BigInt>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    proxies (id) {
        id -> BigInt,
        coop_id -> BigInt,
        giver_id -> BigInt,
        holder_id -> BigInt,
        proposal_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        coop_id -> BigInt,
        seq -> BigInt,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
        kind -> Text,
        data -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(api_tokens -> accounts (account_id));
diesel::joinable!(password_resets -> accounts (account_id));
diesel::joinable!(memberships -> accounts (account_id));
diesel::joinable!(memberships -> coops (coop_id));
diesel::joinable!(rulebook_versions -> coops (coop_id));
diesel::joinable!(invitations -> coops (coop_id));
diesel::joinable!(audit_events -> coops (coop_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_settings,
    accounts,
    sessions,
    login_failures,
    password_resets,
    api_tokens,
    mail_preferences,
    outbox,
    coops,
    rulebook_versions,
    memberships,
    invitations,
    proxies,
    audit_events,
);
