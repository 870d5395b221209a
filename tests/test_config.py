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


@pytest.mark.parametrize("name", ["laptop.yaml", "smoke.yaml", "balanced.yaml", "staged.yaml"])
def test_shipped_configs_load(name):
    path = ROOT / "configs" / name
    cfg = load_config(path)
    assert cfg.name == path.stem
    assert set(cfg.seeds) == {"war", "crazy_eights", "hearts"}
    assert yaml.safe_load(path.read_text()).keys() <= set(RunConfig.model_fields)


def test_laptop_config_is_the_documented_size():
    cfg = load_config(ROOT / "configs" / "laptop.yaml")
    assert (cfg.population_size, cfg.generations, cfg.games_per_genome, cfg.ai_type) == (24, 10, 200, "greedy")


# ------------------------------------------------------------------ fitness: style, stages


def test_default_fitness_is_the_balanced_style_in_one_stage_of_the_run_games():
    from darwindeck.evolution.styles import FitnessStyle as Style

    cfg = RunConfig(games_per_genome=30, ai_type="random")
    fc = cfg.fitness_config()
    assert fc.style == Style()  # balanced, inline (actors need no configs/ directory)
    assert [(s.name, s.players, s.games, s.fraction) for s in fc.stages] == [("random", "random", 30, 1.0)]
    assert fc.mcts_iterations == 200


def test_unknown_style_name_lists_the_presets(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, "fitness: {style: fun}\n"))
    text = str(err.value)
    assert text.startswith(f"{tmp_path / 'run.yaml'}: fitness.style: no fitness style named 'fun'")
    assert "styles: balanced, party, quick, strategic" in text
    with pytest.raises(ConfigError, match=r"fitness.style: write a style name \(balanced, party, quick, strategic\).*got int 3"):
        validate_config({"fitness": {"style": 3}})


def test_with_style_sets_a_preset_and_rejects_others():
    from darwindeck.config import with_style

    cfg = with_style(RunConfig(), "party")
    assert cfg.fitness.style == "party" and cfg.fitness_config().style.name == "party"
    assert cfg.fitness_config().style.target_turns == 35.0
    with pytest.raises(ConfigError, match=r"^--style: no fitness style named 'nope'; styles: balanced, party, quick, strategic$"):
        with_style(cfg, "nope")


def test_inline_style_and_style_file_relative_to_the_config(tmp_path):
    cfg = validate_config({"fitness": {"style": {"name": "mine", "weights": {"balance": 2, "skill": 1}}}})
    style = cfg.fitness_config().style
    assert style.name == "mine" and style.weights["balance"] == 2.0 and style.weights["completion"] == 0.0
    with pytest.raises(ConfigError, match=r"fitness.style: inline style: weights: unknown fitness components \['fun'\]"):
        validate_config({"fitness": {"style": {"weights": {"fun": 1}}}})
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "slow.yaml").write_text("weights: {duration: 1}\ntarget_turns: 120\n")
    cfg = load_config(write(tmp_path, "fitness: {style: styles/slow.yaml}\n"))
    assert cfg.fitness.style == str(tmp_path / "styles" / "slow.yaml")
    assert cfg.fitness_config().style.name == "slow" and cfg.fitness_config().style.target_turns == 120.0


def test_old_fitness_keys_override_the_style():
    cfg = validate_config(
        {"fitness": {"style": "quick", "weights": {"balance": 3}, "target_turns": 40, "min_completion": 0.25}}
    )
    style = cfg.fitness_config().style
    assert style.name == "quick"
    assert style.weights == {**{k: 0.0 for k in style.weights}, "balance": 3.0}
    assert style.target_turns == 40.0 and style.gates.min_completion == 0.25
    assert style.gates.min_turns == cfg.fitness.resolved_style().gates.min_turns  # other gates: quick's


def test_stages_are_validated_and_carried():
    stages = [
        {"name": "screening", "players": "random", "games": 10},
        {"name": "greedy", "players": "greedy", "games": 50, "fraction": 0.5},
        {"name": "mcts", "players": "mcts", "games": 40, "fraction": 0.2},
    ]
    cfg = validate_config({"fitness": {"style": "strategic", "stages": stages, "mcts_iterations": 50}})
    fc = cfg.fitness_config()
    assert [(s.name, s.players, s.games, s.fraction) for s in fc.stages] == [
        ("screening", "random", 10, 1.0),
        ("greedy", "greedy", 50, 0.5),
        ("mcts", "mcts", 40, 0.2),
    ]
    assert fc.mcts_iterations == 50 and fc.style.name == "strategic"
    bad = [
        ([{"name": "a", "players": "random", "games": 5, "fraction": 0.5}], "fitness: the first stage (a) must take every genome"),
        ([], "fitness.stages: List should have at least 1 item"),
        ([{"name": "a", "players": "random", "games": 5}] * 2, "stage names must be distinct"),
        ([{"name": "a", "players": "alphazero", "games": 5}], "fitness.stages.0.players: Input should be 'random', 'greedy' or 'mcts' (got 'alphazero')"),
        ([{"name": "a", "players": "random", "games": 0}], "fitness.stages.0.games: Input should be greater than or equal to 1 (got 0)"),
    ]
    for value, message in bad:
        with pytest.raises(ConfigError) as err:
            validate_config({"fitness": {"stages": value}})
        assert message in str(err.value), (value, str(err.value))
    with pytest.raises(ConfigError, match=r"fitness.mcts_iterations: Input should be greater than or equal to 1 \(got 0\)"):
        validate_config({"fitness": {"mcts_iterations": 0}})


def test_set_options_reach_the_fitness_section():
    cfg = apply_set_options(RunConfig(), ["fitness.style=party", "fitness.stages=[{name: s, players: random, games: 4}]"])
    assert cfg.fitness.style == "party" and cfg.stage_list()[0].games == 4


def test_config_hash_follows_the_style_contents(tmp_path):
    style = tmp_path / "mine.yaml"
    style.write_text("weights: {balance: 1}\n")
    cfg = validate_config({"fitness": {"style": str(style)}})
    before = cfg.config_hash()
    assert validate_config({"fitness": {"style": str(style)}}).config_hash() == before
    style.write_text("weights: {balance: 2}\n")
    assert cfg.config_hash() != before  # an edited style is other settings
    assert RunConfig().config_hash() != validate_config({"fitness": {"style": "party"}}).config_hash()


def test_fitness_round_trips_through_yaml(tmp_path):
    cfg = validate_config(
        {
            "fitness": {
                "style": {"name": "mine", "weights": {"balance": 2}},
                "stages": [{"name": "a", "players": "random", "games": 3}, {"name": "b", "players": "greedy", "games": 6, "fraction": 0.5}],
                "target_turns": 30,
            }
        }
    )
    again = load_config(write(tmp_path, cfg.to_yaml()))
    assert again == cfg and again.config_hash() == cfg.config_hash()
