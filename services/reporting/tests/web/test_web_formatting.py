from datetime import date

import pytest

from partnership_shared.events import vocabulary
from reporting_node.web.formatting import Formatter
from reporting_node.web.i18n import Translator, pick_lang
from reporting_node.web.labels import VOCABULARIES
from reporting_node.web.messages import MESSAGES

NBSP = "\xa0"


def test_polish_conventions() -> None:
    pl = Formatter("pl")
    assert pl.money("51986.28") == f"51{NBSP}986,28{NBSP}zł"
    assert pl.hours("783.5") == f"783,5{NBSP}godz."
    assert pl.count(1234) == f"1{NBSP}234"
    assert pl.rate("0.2727") == "27,3%"
    assert pl.date(date(2026, 11, 22)) == "22.11.2026"
    assert pl.month("2013-02") == "luty 2013"


def test_english_conventions() -> None:
    en = Formatter("en")
    assert en.money("51986.28") == f"51,986.28{NBSP}PLN"
    assert en.hours("783.5") == f"783.5{NBSP}h"
    assert en.date(date(2026, 11, 22)) == "22/11/2026"
    assert en.month("2013-02") == "February 2013"


def test_hours_keep_their_half_hours_and_drop_empty_decimals() -> None:
    pl = Formatter("pl")
    assert pl.decimal("114.50") == "114,5"
    assert pl.decimal("18") == "18"
    assert pl.decimal("0.25") == "0,25"


def test_the_url_chooses_the_language_then_the_cookie_then_polish() -> None:
    assert pick_lang("en", "pl") == "en"
    assert pick_lang(None, "en") == "en"
    assert pick_lang("de", None) == "pl"


@pytest.mark.parametrize(
    ("vocabulary_name", "enum"),
    [
        ("partner", vocabulary.PartnerKind),
        ("gender", vocabulary.Gender),
        ("disability", vocabulary.DisabilityDegree),
        ("exit_reason", vocabulary.ExitReason),
        ("role", vocabulary.SpecialistRole),
        ("activity", vocabulary.ActivityKind),
        ("contract_type", vocabulary.ContractType),
        ("basis", vocabulary.PaymentBasis),
        ("mode", vocabulary.ServiceMode),
        ("contract_kind", vocabulary.ContractKind),
    ],
)
def test_every_vocabulary_id_has_a_polish_and_an_english_label(
    vocabulary_name: str, enum: type[vocabulary.StrEnum]
) -> None:
    labels = VOCABULARIES[vocabulary_name]
    assert {member.value for member in enum} <= set(labels)
    assert all(pl and en for pl, en in labels.values())


def test_labels_and_messages_in_both_languages() -> None:
    assert Translator("pl").label("role", "vocational_counsellor") == "doradca zawodowy"
    assert Translator("en").label("basis", "internship_stipend") == "internship stipends"
    assert Translator("en").label("role", "astronaut") == "astronaut"
    assert Translator("pl").t("drill.count", n=3) == "Liczba pseudonimów: 3"
    assert all(pl and en for pl, en in MESSAGES.values())
