"""The genome schema: seeds load, round trips hold, bad input names the field."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError

from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.io import GenomeFileError, dump_yaml, genome_to_data, load_yaml
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, load_seeds, seed_names


def test_seeds_load():
    kinds = {g.name: g.turn[0].phase for g in load_seeds()}
    assert kinds == {
        "Crazy Eights": "play",
        "Hearts": "trick",
        "War": "battle",
        "Mau-Mau": "play",
        "Old Maid": "draw",
        "Go Fish": "ask",
        "Cheat": "claim",
        "President": "climb",
        "Beggar-my-neighbour": "play_top",
        "Sevens": "play",
        "Gin Rummy": "draw_choice",
        "Whist": "trick",
        "Spades": "trick",
        "Oh Hell": "trick",
        "Euchre": "trick",
        "Knock-out Whist": "trick",
        "Five-Card Draw": "bet",
        "Texas Hold'em": "bet",
        "Blackjack": "hit",
        "Scopa": "capture",
        "GOPS": "bid",
    }
    assert len(seed_names()) == len(kinds)


def _population(n: int = 60) -> list[Genome]:
    rng = np.random.default_rng(7)
    pop = load_seeds()
    while len(pop) < n:
        pop.append(mutate_genome(pop[int(rng.integers(len(pop)))], rng, rate=2.0))
    return pop


@pytest.mark.parametrize("genome", _population(), ids=lambda g: g.genome_id)
def test_round_trip_yaml_and_json(genome: Genome):
    assert load_yaml(dump_yaml(genome)) == genome
    text = json.dumps(genome_to_data(genome, mode="json"))
    assert Genome.model_validate_json(text) == genome
    assert Genome.model_validate(genome.model_dump()) == genome


def test_unknown_key_rejected_and_named():
    data = genome_to_data(load_seed("war"))
    data["turn"][0]["war_facedown"] = 2  # misspelt
    with pytest.raises(ValidationError) as exc:
        Genome.model_validate(data)
    assert "war_facedown" in str(exc.value)


def test_unknown_zone_named():
    data = genome_to_data(load_seed("crazy_eights"))
    data["turn"][0]["to"] = "discrad"
    with pytest.raises(ValidationError, match="unknown zone 'discrad'"):
        Genome.model_validate(data)


def test_zone_owner_checked():
    data = genome_to_data(load_seed("hearts"))
    data["turn"][0]["won_to"] = "table"  # shared, must be per player
    with pytest.raises(ValidationError, match="must be player"):
        Genome.model_validate(data)


def test_deal_must_fit_deck():
    data = genome_to_data(load_seed("crazy_eights"))
    data["players"] = 6
    data["setup"][0]["count"] = 9  # 54 cards for 6 players
    with pytest.raises(ValidationError, match="deck has 52"):
        Genome.model_validate(data)


def test_bad_predicate_message():
    data = genome_to_data(load_seed("crazy_eights"))
    data["turn"][0]["legal"] = {"rank_is": "8", "suit_is": "H"}
    with pytest.raises(ValidationError, match="a predicate is `true` or a mapping with exactly one"):
        Genome.model_validate(data)


def test_bad_card_named():
    data = genome_to_data(load_seed("hearts"))
    data["turn"][0]["first_lead"] = "1C"
    with pytest.raises(ValidationError, match="bad card '1C'"):
        Genome.model_validate(data)


def test_card_not_in_stripped_deck():
    data = genome_to_data(load_seed("hearts"))
    data["deck"]["ranks"] = ["9", "10", "J", "Q", "K", "A"]
    with pytest.raises(ValidationError, match="card 2C is not in the deck"):
        Genome.model_validate(data)


def test_yaml_rank_integers_accepted():
    g = load_yaml(dump_yaml(load_seed("crazy_eights")).replace("rank_is: '8'", "rank_is: 8"))
    assert g == load_seed("crazy_eights")


def test_load_yaml_errors_name_source():
    with pytest.raises(GenomeFileError, match="mine.yaml: not valid YAML"):
        load_yaml("a: [", source="mine.yaml")
    with pytest.raises(GenomeFileError, match="mine.yaml: a genome is a mapping"):
        load_yaml("- 1", source="mine.yaml")


def test_genomes_are_frozen():
    g = load_seed("war")
    with pytest.raises(ValidationError):
        g.players = 3  # type: ignore[misc]


def test_json_schema_is_published():
    schema = Genome.model_json_schema()
    assert schema["title"] == "darwindeck genome"
    assert "turn" in schema["properties"]


def test_published_schema_file_up_to_date():
    """darwindeck/genome/genome.schema.json is what editors validate genome YAML against;
    regenerate with `darwindeck schema > darwindeck/genome/genome.schema.json`."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "darwindeck" / "genome" / "genome.schema.json"
    assert json.loads(path.read_text()) == Genome.model_json_schema()


def test_file_errors_are_genome_file_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"name: \x9d\xff")
    with pytest.raises(GenomeFileError, match="not UTF-8"):
        from darwindeck.genome.io import load_file

        load_file(bad)
    deep = "legal: " + "{any: [" * 3000 + "true" + "]}" * 3000
    with pytest.raises(GenomeFileError, match="nested too deeply"):
        load_yaml(deep, source="deep.yaml")


def test_validation_errors_are_one_line_per_field():
    data = genome_to_data(load_seed("war"))
    data["players"] = 9
    with pytest.raises(GenomeFileError) as exc:
        load_yaml(json.dumps(data), source="w.yaml")
    text = str(exc.value)
    assert "players: Input should be less than or equal to 6" in text
    assert "input_value" not in text and "errors.pydantic.dev" not in text


@pytest.mark.parametrize(
    "seed, zone",
    [("crazy_eights", "hand"), ("hearts", "hand"), ("go_fish", "hand"), ("cheat", "hand"), ("president", "hand")],
)
@pytest.mark.parametrize("visibility", ["hidden", "top_public"])
def test_a_zone_chosen_from_must_be_seen_by_its_player(seed, zone, visibility):
    """Moves name the cards of the zone a player chooses from, so the player must see it;
    gosim refuses the same program (an ISMCTS seat's worlds could not agree with it)."""
    data = load_seed(seed).model_dump(by_alias=True)
    for z in data["zones"]:
        if z["name"] == zone:
            z["visibility"] = visibility
    with pytest.raises(ValidationError, match=rf"zone '{zone}' is {visibility}; a player chooses a card it can see"):
        Genome.model_validate(data)


def test_a_rummy_hand_must_be_seen_by_its_player():
    data = load_seed("gin_rummy").model_dump(by_alias=True)
    for z in data["zones"]:
        if z["name"] == "hand":
            z["visibility"] = "hidden"
    with pytest.raises(ValidationError, match=r"zone 'hand' is hidden; a player chooses a card it can see"):
        Genome.model_validate(data)
