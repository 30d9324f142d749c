import re

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from accession.models import Accession
from tests.factories import PASSWORD, emailed_code


def be(message, context=None):
    """`message` as the Belarusian reader reads it (and proof that it is translated)."""
    with translation.override("be"):
        text = pgettext(context, message) if context else gettext(message)
    assert text != message, message
    return text


def test_a_visitor_switches_to_belarusian_signs_up_and_accedes_in_belarusian(
    page, edition_1, artifacts
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("button", name="Беларуская").click()

    expect(page).to_have_url(re.compile(r"/be/$"))
    expect(page.locator("html")).to_have_attribute("lang", "be")
    page.get_by_role("link", name="Confidentiality and protection of personal data").click()
    expect(page.locator("#principle-11")).to_be_in_viewport()
    # The Principles are in English (no Belarusian text is published); the page around them
    # is Belarusian, and says why the text is not.
    expect(page.get_by_role("navigation", name=be("Main"))).to_contain_text(be("Registry"))
    expect(page.locator("p.notice[lang=be]").first).to_be_visible()
    page.screenshot(path=artifacts / "principle-11-be.png", full_page=True)

    page.get_by_role("link", name=be("Sign up")).first.click()
    page.get_by_label(be("Email")).fill("abaronca@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name=be("Sign Up")).click()
    expect(page.get_by_role("heading", name=be("Enter Email Verification Code"))).to_be_visible()
    page.get_by_label(be("Code")).fill(emailed_code(mail.outbox[-1]))
    page.get_by_role("button", name=be("Confirm")).click()
    expect(page.get_by_role("heading", name=be("Your account"))).to_be_visible()

    page.get_by_role("link", name=be("My accession")).click()
    page.get_by_role("link", name=be("Accede in my own name")).click()
    page.get_by_role("textbox", name=be("legal name").capitalize()).fill("Наста Лойка")
    page.get_by_role("textbox", name=be("public name").capitalize()).fill("Наста Лойка")
    page.get_by_role("combobox", name=be("region").capitalize()).select_option(value="brest")
    page.locator("input[name=listing][value=initials]").check()
    page.locator("input[name=accepts_principles]").check()
    page.locator("input[name=acts_peacefully]").check()
    page.locator("input[name=consents_to_processing]").check()
    page.screenshot(path=artifacts / "accede-be.png", full_page=True)
    page.get_by_role("button", name=be("Submit my accession")).click()

    expect(page.locator("#status")).to_have_text(be("submitted", "status of an accession"))
    expect(page.locator("html")).to_have_attribute("lang", "be")
    accession = Accession.objects.get()
    assert accession.user.language == "be"
    assert mail.outbox[-1].subject == be("You have a new message")
