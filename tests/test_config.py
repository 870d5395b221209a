"""Run configuration: defaults, bad values named with their field, unknown keys rejected,
file errors naming the file, overrides, and the shipped configurations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from darwindeck.config import ConfigError, RunConfig, apply_set_options, load_config, validate_config, with_overrides
from darwindeck.genome.io import dump_yaml
from darwindeck.genome.seeds import load_seed, seed_names

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_use_every_seed_and_are_valid():
    cfg = RunConfig()
    assert cfg.seeds == seed_names()
    assert {"crazy_eights", "hearts", "war", "go_fish", "cheat"} <= set(cfg.seeds)
    assert cfg.elitism < cfg.population_size
    assert [g.name for g in cfg.seed_genomes()] == [load_seed(n).name for n in seed_names()]


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("population_size", 1, ["population_size", "1"]),
        ("generations", 0, ["generations", "0"]),
        ("games_per_genome", -5, ["games_per_genome", "-5"]),
        ("ai_type", "mcts", ["ai_type", "mcts"]),
        ("seed", -1, ["seed", "-1"]),
        ("seed", 2**64, ["seed", str(2**64)]),
        ("crossover_rate", 1.5, ["crossover_rate", "1.5"]),
        ("mutation_rate", -0.1, ["mutation_rate", "-0.1"]),
        ("tournament_size", 0, ["tournament_size", "0"]),
        ("hall_of_fame_size", 0, ["hall_of_fame_size", "0"]),
        ("num_workers", 0, ["num_workers", "0"]),
        ("cpus_per_actor", 0, ["cpus_per_actor", "0"]),
        ("population_size", "many", ["population_size", "many"]),
        ("seeds", ["war", "poker"], ["seeds", "poker", "crazy_eights"]),
        ("seeds", [], ["seeds"]),
        ("name", "no spaces allowed", ["name", "no spaces allowed"]),
    ],
)
def test_bad_value_names_field_and_value(field, value, words):
    with pytest.raises(ConfigError) as info:
        validate_config({field: value}, source="bad.yaml")
    message = str(info.value)
    assert message.startswith("bad.yaml: ")
    for word in words:
        assert word in message, message
    assert "\n" not in message


def test_cross_field_rules_name_both_values():
    with pytest.raises(ConfigError, match=r"elitism=8 must be less than population_size=8"):
        validate_config({"population_size": 8, "elitism": 8})
    with pytest.raises(ConfigError, match=r"tournament_size=9 must not exceed population_size=8"):
        validate_config({"population_size": 8, "tournament_size": 9})


def test_unknown_key_is_rejected_by_name(tmp_path):
    path = write(tmp_path, "population_size: 10\npopulation: 12\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert "population: Extra inputs are not permitted" in str(info.value)


def test_config_is_frozen():
    cfg = RunConfig()
    with pytest.raises(Exception):
        cfg.population_size = 3  # type: ignore[misc]


def test_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match=r"nope\.yaml: cannot read"):
        load_config(missing)
    with pytest.raises(ConfigError, match=r"broken\.yaml: not valid YAML"):
        load_config(write(tmp_path, "population_size: [1, 2\n", "broken.yaml"))
    with pytest.raises(ConfigError, match=r"list\.yaml: a run configuration is a mapping of fields, got list"):
        load_config(write(tmp_path, "- 1\n- 2\n", "list.yaml"))


def test_name_defaults_to_file_stem_and_empty_file_gives_defaults(tmp_path):
    cfg = load_config(write(tmp_path, "", "my run.yaml"))
    assert cfg.name == "my-run"
    assert cfg.population_size == RunConfig().population_size


def test_seed_paths_are_relative_to_the_config_file(tmp_path):
    sub = tmp_path / "games"
    sub.mkdir()
    (sub / "mine.yaml").write_text(dump_yaml(load_seed("hearts").with_changes(name="My Hearts")))
    cfg = load_config(write(tmp_path, "seeds: [war, games/mine.yaml]\n"))
    assert cfg.seeds[1] == str((sub / "mine.yaml").resolve())
    assert [g.name for g in cfg.seed_genomes()] == ["War", "My Hearts"]


def test_unreadable_seed_file_names_the_entry(tmp_path):
    path = write(tmp_path, "seeds: [war, missing.yaml]\n")
    cfg = load_config(path)
    with pytest.raises(ConfigError) as info:
        cfg.seed_genomes()
    # Like every other configuration error: the file, the field, the value.
    assert str(info.value).startswith(f"{path}: seeds[1]: {tmp_path / 'missing.yaml'}: cannot read")
    # Overrides of other fields keep naming the file; a --set of seeds names --set.
    with pytest.raises(ConfigError, match=rf"^{path}: seeds\[1\]"):
        with_overrides(cfg, generations=3).seed_genomes()
    with pytest.raises(ConfigError, match=r"^--set: seeds\[0\]: other\.yaml"):
        apply_set_options(cfg, ["seeds=[other.yaml]"]).seed_genomes()


@pytest.mark.parametrize(
    "text, field, words",
    [
        ("generations: true", "generations", "Input should be a valid integer (got True)"),
        ("population_size: 8.0", "population_size", "Input should be a valid integer (got 8.0)"),
        ("num_workers: yes", "num_workers", "Input should be a valid integer (got True)"),
        ("seed: '3'", "seed", "Input should be a valid integer (got '3')"),
        ("elitism: false", "elitism", "Input should be a valid integer (got False)"),
        ("crossover_rate: true", "crossover_rate", "Input should be a valid number (got True)"),
        ("fitness: {weights: {balance: true}}", "fitness.weights.balance", "Input should be a valid number (got True)"),
    ],
)
def test_numbers_are_strict(tmp_path, text, field, words):
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: {field}: {words}"


def test_ints_are_fine_where_numbers_are_expected(tmp_path):
    cfg = load_config(write(tmp_path, "crossover_rate: 1\ncpus_per_actor: 2\nfitness: {target_turns: 80}\n"))
    assert (cfg.crossover_rate, cfg.cpus_per_actor, cfg.fitness.target_turns) == (1.0, 2.0, 80.0)


@pytest.mark.parametrize(
    "address, ok",
    [
        ("auto", True), ("10.0.0.5:6379", True), ("head.example:6379", True), ("ray://head:10001", True),
        ("ray://head", True), ("[::1]:6379", True), ("bogus", False), ("host:0", False), ("host:http", False),
        ("http://host:80", False), ("::1:6379", False), ("ray://", False),
    ],
)
def test_address_forms(address, ok):
    if ok:
        assert RunConfig(address=address).address == address
    else:
        with pytest.raises(ConfigError, match=r"^x\.yaml: address: "):
            validate_config({"address": address}, source="x.yaml")


def test_overrides_replace_fields_and_are_validated():
    cfg = RunConfig()
    out = with_overrides(cfg, seed=5, generations=None, population_size=12)
    assert (out.seed, out.generations, out.population_size) == (5, cfg.generations, 12)
    assert with_overrides(cfg) is cfg
    with pytest.raises(ConfigError, match=r"command line: .*elitism=2 must be less than population_size=2"):
        with_overrides(cfg, population_size=2)


def test_yaml_round_trip(tmp_path):
    cfg = validate_config({"name": "x", "seed": 2**64 - 1, "run_dir": str(tmp_path / "r"), "num_workers": 3})
    again = load_config(write(tmp_path, cfg.to_yaml()))
    assert again == cfg


@pytest.mark.parametrize("name", ["laptop.yaml", "smoke.yaml"])
def test_shipped_configs_load(name):
    path = ROOT / "configs" / name
    cfg = load_config(path)
    assert cfg.name == path.stem
    assert set(cfg.seeds) == {"war", "crazy_eights", "hearts"}
    assert yaml.safe_load(path.read_text()).keys() <= set(RunConfig.model_fields)


def test_laptop_config_is_the_documented_size():
    cfg = load_config(ROOT / "configs" / "laptop.yaml")
    assert (cfg.population_size, cfg.generations, cfg.games_per_genome, cfg.ai_type) == (24, 10, 200, "greedy")
