"""Steps several browser tests take, written once."""

from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD, emailed_code


def sign_up_and_confirm(page, email):
    """Sign up through the form and confirm the address with the e-mailed code, which logs in."""
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Enter Email Verification Code")).to_be_visible()
    page.get_by_label("Code").fill(emailed_code(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def log_in(page, email, second_factor=None):
    """Log in with PASSWORD, and with an authenticator code when `second_factor` gives one."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if second_factor:
        page.get_by_role("textbox", name="Code").fill(second_factor())
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def tick_the_three_confirmations(page):
    page.get_by_label("I have read and accept all fifteen principles").check()
    page.get_by_label("I act, and will act, peacefully and without violence.").check()
    page.get_by_label("I consent").check()


def overflow(page):
    """How many CSS pixels the page is wider than the viewport, and what sticks out furthest
    (text that does not wrap, or a box too wide): what makes a phone scroll sideways."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
          const culprits = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            const box = node.nodeType === Node.TEXT_NODE
              ? range.getBoundingClientRect() : node.getBoundingClientRect?.();
            if (box && box.right > width + 0.5) {
              const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
              const text = (node.textContent || '').trim().slice(0, 30);
              const name = `${element.tagName.toLowerCase()}.${element.className}`;
              culprits.push([box.right, `${name} "${text}"`]);
            }
          }
          culprits.sort((a, b) => b[0] - a[0]);
          return {
            excess: document.documentElement.scrollWidth - width,
            culprits: [...new Set(culprits.map(([, name]) => name))].slice(0, 4),
          };
        }"""
    )


def assert_fits(page):
    """The page does not scroll sideways: scrollWidth <= clientWidth."""
    # Measured once the stylesheet has loaded: a page laid out without it is wider.
    page.wait_for_load_state()
    found = overflow(page)
    assert found["excess"] <= 0, (
        f"{page.url} is {found['excess']} px too wide; sticking out: {found['culprits']}"
    )
