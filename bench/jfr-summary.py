#!/usr/bin/env python3
"""Where a scheduler node's time went during the intake benchmark, from its JFR recording.

  AUTOGRADER_BENCH_JFR=1 bench/run.sh intake
  jfr print --json --stack-depth 512 --events jdk.ExecutionSample bench/target/logs/intake/scheduler.jfr > s.json
  bench/jfr-summary.py s.json [top]

Prints the samples sorted into what the node was doing (the first matching kind of work anywhere in
the stack, the most specific first) and the top self frames, both as Markdown tables. Samples from
before the first submission (start-up, setting up the course) are left out.
"""
import json, sys, collections
BUCKETS = [  # first match over the whole stack wins, so the more specific come first
    ("read side (projections, events by tag)", ["pekko.projection", "Projection", "JdbcReadJournal", "EventsByTag", "dao.ReadJournal"]),
    ("journal write (persist)", ["persistence.jdbc.journal", "AsyncWriteJournal", "JournalQueries", "persistence.typed.internal.Running$PersistingEvents", "handleEventPersist"]),
    ("entity start and recovery", ["ReplayingEvents", "ReplayingSnapshot", "RequestingRecoveryPermit", "BehaviorSetup.<init>", "EventSourcedBehavior.apply", "EventSourcedBehaviorImpl", "SnapshotStore", "Persistence.journalFor", "createEventSourcedBehavior"]),
    ("multipart parsing", ["MultipartUnmarshallers", "BodyPartParser", "Multipart$FormData", "Multipart$General"]),
    ("sign-in check (credentials query)", ["CredentialsTable", "ClusterIdentity"]),
    ("blob insert", ["BlobStore"]),
    ("submission: validate, pack, hash, desk", ["ClusterGradingDesk", "SubmissionArchive", "SubmissionRoutes$Upload", "ContentHash"]),
    ("scheduler actor (admit, confirm)", ["dev.autograder.scheduler", "FlavourQueue", "FairQueue"]),
    ("sharding routing", ["pekko.cluster.sharding"]),
    ("HTTP parsing and rendering", ["pekko.http.impl.engine", "HttpResponseRenderer", "pekko.http.impl.model.parser"]),
    ("routing and directives", ["pekko.http.scaladsl.server", "pekko.http.javadsl.server", "dev.autograder.api"]),
    ("JSON (Jackson)", ["com.fasterxml"]),
    ("other JDBC / pools", ["org.postgresql", "slick.", "com.zaxxer"]),
    ("stream materialization", ["pekko.stream"]),
    ("actor messaging and dispatch", ["pekko.actor", "pekko.dispatch", "ForkJoin"]),
    ("remoting / cluster", ["pekko.remote", "pekko.cluster"]),
]
def frames(e):
    return [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
            for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
ev = json.load(open(sys.argv[1]))["recording"]["events"]
# Only the benchmark's window: from the first sample inside a submission on, start-up left out.
ev.sort(key=lambda e: e["values"]["startTime"])
first = next(i for i, e in enumerate(ev) if any("ClusterGradingDesk.submit" in f for f in frames(e)))
ev = ev[first:]
selfc = collections.Counter()
c = collections.Counter(); leaf = collections.defaultdict(collections.Counter)
for e in ev:
    fr = frames(e)
    if not fr: continue
    name = "other (JDK, GC helpers, logging)"
    for label, keys in BUCKETS:
        if any(k in f for f in fr for k in keys):
            name = label; break
    c[name] += 1; leaf[name][fr[0]] += 1; selfc[fr[0]] += 1
tot = sum(c.values())
print(f"{tot} samples")
print("| work | share | top self frames in it |")
print("|---|---|---|")
for name, n in c.most_common():
    tops = ", ".join(f"{f.rsplit('.',2)[-2]}.{f.rsplit('.',1)[-1]}" for f, _ in leaf[name].most_common(2))
    print(f"| {name} | {100*n/tot:.1f} % | {tops} |")
print()
print("| top self frames | share |")
print("|---|---|")
for f, n in selfc.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
    print(f"| `{f}` | {100*n/tot:.1f} % |")
