-- Dedupe that outlives the inbox's retention (ADR 6), and a ledger of dead-letter replays.

-- The highest offset each consumer applied per partition. Kept forever (one row per partition): a
-- record at or below it was consumed before, whatever happened to the group's Kafka offsets.
CREATE TABLE inbox_partition_watermark (
    consumer        text        NOT NULL,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    applied_offset  bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, topic, kafka_partition)
);

-- Start from what the inbox already knows, so events consumed before this migration are covered too.
INSERT INTO inbox_partition_watermark (consumer, topic, kafka_partition, applied_offset)
SELECT consumer, topic, kafka_partition, max(kafka_offset)
FROM inbox_event
GROUP BY consumer, topic, kafka_partition;

-- One row per replayed parked record, written in the replay's inbox transaction: a replay that
-- fails leaves none and may be tried again; one that committed is never run a second time.
CREATE TABLE dead_letter_replay (
    dead_letter_topic  text        NOT NULL,
    dead_letter_offset bigint      NOT NULL,
    original_topic     text        NOT NULL,
    original_partition integer     NOT NULL,
    original_offset    bigint      NOT NULL,
    event_id           uuid,
    outcome            text        NOT NULL,
    replayed_by        text        NOT NULL,
    replayed_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    job_id             uuid,
    PRIMARY KEY (dead_letter_topic, dead_letter_offset)
);

-- "Replay all" runs as a job off the HTTP thread; any instance of the service can show its progress.
CREATE TABLE dead_letter_replay_job (
    id                uuid        PRIMARY KEY,
    dead_letter_topic text        NOT NULL,
    requested_by      text        NOT NULL,
    state             text        NOT NULL,
    started_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    heartbeat_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at       timestamptz,
    first_offset      bigint,
    end_offset        bigint,
    next_offset       bigint,
    applied           integer     NOT NULL DEFAULT 0,
    duplicates        integer     NOT NULL DEFAULT 0,
    ignored           integer     NOT NULL DEFAULT 0,
    already_replayed  integer     NOT NULL DEFAULT 0,
    failed            integer     NOT NULL DEFAULT 0,
    held_back         integer     NOT NULL DEFAULT 0,
    error             text
);

-- One running job per dead-letter topic, i.e. per service, across all its instances.
CREATE UNIQUE INDEX dead_letter_replay_job_running ON dead_letter_replay_job (dead_letter_topic)
    WHERE state = 'RUNNING';

-- The parked records a job could not replay (still failing, or held back behind an earlier failure
-- of the same aggregate), with the reason.
CREATE TABLE dead_letter_replay_failure (
    job_id             uuid   NOT NULL REFERENCES dead_letter_replay_job (id),
    dead_letter_offset bigint NOT NULL,
    outcome            text   NOT NULL,
    error              text   NOT NULL,
    PRIMARY KEY (job_id, dead_letter_offset)
);
