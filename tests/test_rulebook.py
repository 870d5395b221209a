"""The rulebook renderer says what the rules say, for seeds and mutants alike."""

from __future__ import annotations

import numpy as np

from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.rulebook import render_rules
from darwindeck.genome.seeds import load_seed, load_seeds


def test_crazy_eights_rules():
    text = render_rules(load_seed("crazy_eights"))
    assert "Deal 7 cards from stock to each player's hand" in text
    assert "an 8: it is wild; its player names the suit" in text
    assert "The first player whose hand is empty wins." in text


def test_hearts_rules():
    text = render_rules(load_seed("hearts"))
    assert "Follow the suit led if you can." in text
    assert "led with the 2 of clubs" in text
    assert "the queen of spades: +13" in text
    assert "the lowest score wins" in text


def test_war_rules():
    text = render_rules(load_seed("war"))
    assert "takes them all to the bottom of its pile, shuffled" in text
    assert "1 card face down" in text


def test_every_mutant_renders():
    rng = np.random.default_rng(2)
    pop = load_seeds()
    for i in range(150):
        g = mutate_genome(pop[i % len(pop)], rng, rate=2)
        pop.append(g)
        text = render_rules(g)
        assert text.startswith(f"# {g.name}\n") and "## End" in text
