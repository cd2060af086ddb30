"""Runs `micropanel portfolio` on the shards of a loan tape with Apache Spark, then one merge.

Each Spark partition gets a contiguous slice of the shard paths (in the order given) and pipes
them to `micropanel portfolio SHARDS... --partial`; the partials come back to the driver (or are
written to --partials-dir on a filesystem every node sees) and `micropanel merge` combines them,
in partition order, into the panel one `micropanel portfolio` run over every shard gives, byte
for byte. `scripts/spark-run` runs this in local mode from a virtual environment; on a cluster:

    spark-submit --master yarn scripts/spark-portfolio.py --micropanel /opt/micropanel/bin/micropanel \\
        --partitions 200 -o panel.csv hdfs-fuse/shards/*.csv.gz -- --period quarter

(the micropanel binary and the shards must be readable at the same paths on every worker).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def parse_arguments(argv):
    if "--" in argv:
        split = argv.index("--")
        argv, options = argv[:split], argv[split + 1 :]
    else:
        options = []
    parser = argparse.ArgumentParser(prog="spark-run", description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", nargs="+", help="the tape's shards (csv, csv.gz), in order")
    parser.add_argument("-o", "--output", required=True, help="the merged panel (any micropanel output)")
    parser.add_argument("--micropanel", required=True, help="the micropanel executable on every worker")
    parser.add_argument("--partitions", type=int, default=0, help="Spark partitions (default: one per shard)")
    parser.add_argument("--master", default=None, help="Spark master when not set by spark-submit (local[*])")
    parser.add_argument("--partials-dir", default=None, help="write the partials here (a shared filesystem)")
    parsed = parser.parse_args(argv)
    parsed.options = options
    return parsed


def run_partition(micropanel, options, partials_dir):
    """The task: this partition's shards to one partial; its bytes, or its path in partials_dir."""

    def task(index, entries):
        shards = [path for _, path in entries]
        if not shards:
            return []
        directory = partials_dir or tempfile.mkdtemp(prefix="micropanel-partial-")
        partial = os.path.join(directory, "partition-%05d.part" % index)
        command = [micropanel, "portfolio", *shards, "--partial", "-o", partial, "-q", *options]
        try:
            result = subprocess.run(command, capture_output=True)
            if result.returncode != 0:
                error = result.stderr.decode("utf-8", errors="replace").strip()
                raise RuntimeError("partition %d: micropanel exited with %d: %s" % (index, result.returncode, error))
            if partials_dir:
                return [(index, partial)]
            with open(partial, "rb") as handle:
                return [(index, handle.read())]
        finally:
            if not partials_dir:
                shutil.rmtree(directory, ignore_errors=True)

    return task


def main(argv):
    arguments = parse_arguments(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("micropanel portfolio")
    if arguments.master:
        builder = builder.master(arguments.master)
    # A failed shard is a bad input, not a flaky worker: fail at once.
    builder = builder.config("spark.task.maxFailures", "1").config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    shards = [os.path.abspath(path) for path in arguments.shards]
    partitions = arguments.partitions or len(shards)
    # Workers do not share the driver's working directory: every path they get is absolute.
    micropanel = os.path.abspath(arguments.micropanel)
    partials_dir = os.path.abspath(arguments.partials_dir) if arguments.partials_dir else None
    task = run_partition(micropanel, arguments.options, partials_dir)
    try:
        results = (
            spark.sparkContext.parallelize(list(enumerate(shards)), min(partitions, len(shards)))
            .mapPartitionsWithIndex(task)
            .collect()
        )
    except Exception as error:  # Spark wraps the task's error; its first line names the shard's problem.
        message = str(error)
        start = message.find("partition ")
        print("spark-run: " + (message[start:].split("\n")[0] if start >= 0 else message), file=sys.stderr)
        spark.stop()
        return 3
    spark.stop()
    results.sort(key=lambda entry: entry[0])
    with tempfile.TemporaryDirectory(prefix="micropanel-merge-") as directory:
        partials = []
        for index, value in results:
            if partials_dir:
                partials.append(value)
            else:
                path = os.path.join(directory, "partition-%05d.part" % index)
                with open(path, "wb") as handle:
                    handle.write(value)
                partials.append(path)
        merged = subprocess.run([micropanel, "merge", *partials, "-o", arguments.output])
    if merged.returncode == 0:
        print(
            "spark-run: %d shards in %d partitions merged into %s" % (len(shards), len(results), arguments.output),
            file=sys.stderr,
        )
    return merged.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
