import pytest
from django.urls import Resolver404, resolve

from tools.management.commands.bench import case_variants


def test_the_benchmarks_bare_view_is_no_address_of_the_site():
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")


def test_every_search_the_benchmark_sends_is_a_new_address_for_the_same_words():
    variants = case_variants(["Nasta Loika", "Zhuk"], 200)

    assert len(set(variants)) == 200
    assert {variant.strip().casefold() for variant in variants} == {"nasta loika", "zhuk"}
