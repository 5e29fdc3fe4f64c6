"""Reading our earlier reply for a follow-up: its greeting and sign-off, sent or quoted."""

from __future__ import annotations

from replies.thread import reply_from_body, reply_quoted_in

OURS = frozenset({"advice@advice-line.example"})
QUOTED = """Thanks, that helped.

On Thu, 6 Nov 2025 at 16:51, Kate Mullins <advice@advice-line.example>
wrote:
> Hi Louise,
>
> You have the right to make representations to the governors.
>
> Kate
>
> On Wed, 5 Nov 2025 at 18:02, Louise <louise@example.net> wrote:
>> Lewis has been suspended.
"""


def test_the_greeting_and_sign_off_of_a_sent_reply_are_read() -> None:
    earlier = reply_from_body("Dear Ms Barrowcliffe,\n\nSome advice.\n\nKind regards,\nKate\n")
    assert earlier.salutation == "Dear Ms Barrowcliffe,"
    assert earlier.closing == ("Kind regards,", "Kate")


def test_a_name_alone_after_the_last_sentence_is_the_sign_off() -> None:
    earlier = reply_from_body("Hi Natasha,\n\nGood luck - let me know how it goes.\nSam")
    assert earlier.closing == ("Sam",)


def test_our_reply_quoted_under_the_parents_message_is_found() -> None:
    earlier = reply_quoted_in(QUOTED, OURS)
    assert earlier is not None
    assert earlier.salutation == "Hi Louise,"
    assert earlier.closing == ("Kate",)


def test_a_quoted_email_from_someone_else_is_not_our_reply() -> None:
    assert reply_quoted_in(QUOTED, frozenset({"other@example.org"})) is None
