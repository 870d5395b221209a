"""An evolution on a Ray cluster: the fitness actors run on the cluster's nodes, the driver
(this script) breeds and logs. Start a cluster first (cluster/, `ray up`), then run here or
on the head node:

    python examples/cluster_run.py ray://HEAD_IP:10001 configs/laptop.yaml

The same from the command line: darwindeck evolve --config configs/laptop.yaml --address
ray://HEAD_IP:10001. With no address the script joins the Ray of this process or starts a
local one. Interrupt it at any time and continue with
`darwindeck evolve --resume RUN_DIR --address ray://HEAD_IP:10001`.
"""

import sys
from pathlib import Path

from darwindeck.config import apply_set_options, load_config, with_overrides
from darwindeck.evolution.evolve import evolve

address = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "local" else None
config_path = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parents[1] / "configs" / "smoke.yaml")
config = load_config(config_path)
# Settings for a cluster: one actor per CPU the cluster has, one CPU per actor.
config = apply_set_options(config, ["num_workers=null", "cpus_per_actor=1"] + sys.argv[3:])
config = with_overrides(config, address=address)
result = evolve(config)
print(f"hall of fame: {len(result.hall_of_fame)} genomes in {result.run_dir.hall_of_fame_dir}")
print(f"resume or extend: darwindeck evolve --resume {result.run_dir.path} --set generations=N")
