-- Test times (SPEC §6): the sharding input CI downloads as test-times.json / test-class-times.json, and the slow
-- tests of slow-tests.json. Written by the metrics job `test-times`; base is the job's build environment (the part
-- of a PyTorch job name before " / test (...)"), config its test config. base 'default' holds the fallback rows.

create table test_file_time (
    repo_id    bigint           not null references repository (id),
    base       text             not null,
    config     text             not null,
    file       text             not null,
    seconds    double precision not null,
    runs       integer          not null,
    updated_at timestamptz      not null,
    primary key (repo_id, base, config, file)
);

create table test_class_time (
    repo_id    bigint           not null references repository (id),
    base       text             not null,
    config     text             not null,
    file       text             not null,
    classname  text             not null,
    seconds    double precision not null,
    runs       integer          not null,
    updated_at timestamptz      not null,
    primary key (repo_id, base, config, file, classname)
);

create table slow_test (
    repo_id    bigint           not null references repository (id),
    test_key   text             not null, -- "<name> (__main__.<Class>)" as PyTorch's slow-tests.json keys it
    file       text             not null,
    classname  text             not null,
    name       text             not null,
    seconds    double precision not null,
    runs       integer          not null,
    updated_at timestamptz      not null,
    primary key (repo_id, test_key)
);
