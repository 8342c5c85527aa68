"""On OCR text, one misread character must not let a value through (fail closed)."""

from __future__ import annotations

import pytest

from redaction import redact_text
from tests.redaction.coverage import covering_finding

# (OCR line, the damaged value as it appears)
OCR_CASES = [
    ("Card: 4111 1111 IlII 1111", "4111 1111 IlII 1111"),
    ("Card 4111 1111 1111 1112", "4111 1111 1111 1112"),  # one wrong digit: Luhn fails
    ("card 5555 5555 5555 4A44", "5555 5555 5555 4A44"),
    ("Tel: O20 7946 O958", "O20 7946 O958"),
    ("mobile 077OO 9OOl23", "077OO 9OOl23"),
    ("IBAN GB82 WEST 1234 5698 7654 3Z", "GB82 WEST 1234 5698 7654 3Z"),
    ("IBAN GB82 WEST 1234 5698 7654 33", "GB82 WEST 1234 5698 7654 33"),  # mod-97 fails
    ("NI: AB 12 34 S6 C", "AB 12 34 S6 C"),
    ("NHS No 943 476 59l9", "943 476 59l9"),
    ("NHS No 943 476 5918", "943 476 5918"),  # mod-11 fails
    ("SSN 123-45-67B9", "123-45-67B9"),
    ("Passw0rd: hunter2", "hunter2"),
    ("PASSWORD hunt3r2!", "hunt3r2!"),
    ("pa55word = letmein99", "letmein99"),
    ("jane.doe@exarnple.c0m", "jane.doe@exarnple.c0m"),
    ("server 192.168.l.10 down", "192.168.l.10"),
    ("Postcode SWIA 1AA", "SWIA 1AA"),
    ("I'm at WlS 5NJ if you need it", "WlS 5NJ"),
    ("Belfast BTl5QP - Maps", "BTl5QP"),
    ("door code for the server room is 25 38", "25 38"),  # an earlier word must not hide it
    ("Cardiff CF2 8 4PA - Maps", "CF2 8 4PA"),
    ("key is Qx7TbNw2 9kLmPz4RvYs8HdJ3, it expires", "Qx7TbNw2 9kLmPz4RvYs8HdJ3"),
    ("$ rnysq1 -u root -pS3cretPw9", "S3cretPw9"),
    ("IBAN 6B98 NWBK 6374 3365 5631 84", "6B98 NWBK 6374 3365 5631 84"),
    # Read off screens (see tests/redaction/image): damage seen on rendered UIs.
    ("my TBAN is TE68 AIBK 4443 6076 4558 08", "TE68 AIBK 4443 6076 4558 08"),
    ("IBAN GB@2 WEST 1234 5698 7654 32", "GB@2 WEST 1234 5698 7654 32"),
    ("Our IBAN is IE81 BOF! 2118 2597 8913 12.", "IE81 BOF! 2118 2597 8913 12"),
    ("Email: jane.doe@example .com", "jane.doe@example .com"),
    ("To: rcheung@mail example.com", "rcheung@mail example.com"),
    ("Inbox (61) - hannahb@ example org - Mail", "hannahb@ example org"),
    ("sam. doe48@example.", "sam. doe48@example."),
    ("Noah Holloway KE 12 19 72", "KE 12 19 72"),
    ("Taylor, 08-24-08, 73138584", "73138584"),
    ("Liam,CH225958D,30-39-46,28418999", "30-39-46"),
    ("xoxb -62408722771- 078378154145 - 95dCj xNelydmNLrVMiTIV8Ip", "xNelydmNLrVMiTIV8Ip"),
    ("config/app.ini:12:password=but terfly-thunder-marble20", "but"),
    ("676 109 1950|0X27 ORL", "0X27 ORL"),  # O and 0 swapped in both halves
    ("9172405198Y02 1ZX", "Y02 1ZX"),  # the column rule between them dropped
    ("Cc: robin84@examplennet, tariq82@example.com", "robin84@examplennet"),
    ("Tariq O'Hara,AE372884B84425693", "AE372884B"),  # the comma after it lost
    ("failed login from 198.51 -100.195 port 35288", "198.51 -100.195"),
    ("198 51.100.163", "198 51.100.163"),
    ("listed 60-92-8810 as their social security number.", "60-92-8810"),
    ("Free M23. 2WY Free", "M23. 2WY"),
    ("202 Hawthorn Avenue, Reading RGS SBL. The", "RGS SBL"),
    ("2812|EH23 80R", "EH23 80R"),  # O is never an inward letter: a D or Q
    ("8942|Y026 SEY", "Y026 SEY"),
    ("479 050 0489|NG14 17B", "NG14 17B"),
    ("07700 900344 CF253IN Cardiff", "CF253IN"),
    ("Cardiff CF19 5]X", "CF19 5]X"),
    ("1192|Sw12 9IW", "Sw12 9IW"),
    ("9504|0X18 5wQ", "0X18 5wQ"),
    ("192.0.2233", "192.0.2233"),  # the last dot lost
    ("8074 _RG23 8RD", "RG23 8RD"),  # a border read as "_"
    ("7104184813|LS8 2XxZ", "LS8 2XxZ"),  # a glyph read twice
    ("9628|CB14 6YXx", "CB14 6YXx"),
    ("0483|YO7 6I3P", "YO7 6I3P"),  # J read as "I3"
    ("3170|SW17 83S", "SW17 83S"),  # J read as 3
    ("984 024 7824|0X13 3H)", "0X13 3H)"),  # J read as ")"
    ("AWS_ACCESS_KEY_ID=AKTAVQEBLAFJOJGAMRNI", "AKTAVQEBLAFJOJGAMRNI"),
    ("the CI job: ghp_OQpRv2AP", "ghp_OQpRv2AP"),  # the rest wrapped to the next line
    ("maya vasquez7@mail example. 24 Sep", "vasquez7@mail example."),
    # A cell after a column rule: two repairs, Y read as V, both digits misread.
    ("607 842 5226|0X28 QUU", "0X28 QUU"),
    ("664 368 5605|B11 1VF", "B11 1VF"),
    ("975 276 7427|EHS OTL", "EHS OTL"),
    ("933 982 2142|620 4RX", "620 4RX"),  # a cell after a column rule, read badly
    ("login is ubuntu 4utumn?58 +44 20 7946 0504", "4utumn?58"),  # the "/" lost
    ("451 427 6553|BN9 AX", "BN9 AX"),
    ("6966592145 |SW13 | SwW13 6WE", "SwW13 6WE"),
    ("[togin is pquinlan / Starlight#25 ]", "Starlight#25"),  # "l" of login read as t
    ("sshpass -p ‘'velvet-pumpkin-lighthouse35' ssh root", "velvet-pumpkin-lighthouse35"),
    ("Access key ID: AAIAQMOBORFF35HKKWS] Keyboard", "AAIAQMOBORFF35HKKWS]"),
    ("access key id is AKIAKMWWWMBOAMBSYWM<x and", "AKIAKMWWWMBOAMBSYWM<x"),
    ("| 2039 | morgan7@@example.org |", "morgan7@@example.org"),  # "@" read twice
    ("Fatima Whitlock fatimawéexample.org", "fatimawéexample.org"),  # "@" read as é
    ('EMAIL_HOST_USER = "marco93Gexample.con"', "marco93Gexample.con"),
    ("| 1709 | tariq_eriksengexample.org", "tariq_eriksengexample.org"),  # "@" read as g
    ("| 94 | r.eriksengexample.org |", "r.eriksengexample.org"),
    ("Marco Ashdown | SW14.2GP | 192.0.2.158", "SW14.2GP"),  # a speck between the halves
    ("stripe key sk_live 6veqH4Nhdeljg2E6y3t198PM - old", "sk_live 6veqH4Nhdeljg2E6y3t198PM"),
    ("stripe key sk_live6veqH4Nhdeljg2E6y3t198PM-old", "sk_live6veqH4Nhdeljg2E6y3t198PM"),
    ("postcode\nChloe Mercer,98 Highfield Way,SWlW ZQY", "SWlW ZQY"),  # no digit read
    ("SSN for the W-4: 325-94.9741 Please", "325-94.9741"),  # a dash read as a stop
    ("The access key idis AKIADOY TY FMRI7QSOENJ and", "AKIADOY TY FMRI7QSOENJ"),
    ("AWS_ACCESS_KEY_ID=AKTAY 2AEZXZ/7WLRZZDF3", "AKTAY 2AEZXZ/7WLRZZDF3"),
    ("ethl up 2001:db8: £53: : ladd/64", "2001:db8: £53: : ladd/64"),  # f read as £, 1 as l
    ("2001: db8: 6cf1:1811: \ufffd 1a: 99 passed", "2001: db8: 6cf1:1811:"),  # rest unread
]


@pytest.mark.parametrize(("line", "value"), OCR_CASES)
def test_value_with_an_ocr_confusion_is_still_redacted(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


OCR_ORDINARY = [
    "Meeting notes - 15 March 2024 - Q3 planning",
    "Revenue grew 3.5% to £1,250,000 in Q3 2025",
    "Reset your password using the link below",
    "File Edit View Insert Format Tools Help",
    "Version 3.11.7 (build 4521) - Settings",
    "Inbox (3) - Drafts - Sent - Spam",
    "UUID for the j0b is 394c018d-389b-4cf5-ba27-841aaa1c26be if you need it",
    "The fix landed in c0mmit ee965da and shipped in v8.3.0.",
    "PASSW0RD_RESET_TIME0UT=3600",
    "my PIN is l0cked, had to call the bank",
    "Address: 119 Elm Close, London",
    "Shifts 2025-03-12 2025-03-19 and 12-03-24",
    "rosa.zeller@bastion:~$ cat ~/notes/contacts.txt",
    "|@README.md | deploy.sh",
    "grep -rn 'password=' config/",
    "14 ORD-2024-31878 Dispatched",  # "I4 0RD" is no postcode area
    "ticket 12-34-5678 closed",
    "See section 3.2.1 1 of the spec",
    "Python 3.11.7 2024",
    " 06:19:10 up 89 days,  4:11,  2 users,  load average: 0.42, 0.38, 0.35",
    "/dev/nvme0n1p2  468G  11G  687G  68% /",
    "dated 12.03.2024 ok",
    "Build 10.0.1904",
    "node_AB12 3CD",
    "run LS8 2024 now",
    "see SW17 ABCD for details",
    "91097e9 Bump version to 9.26.4",
    "the ASTA festival 2024",
    "passwd: password updated successfully",
    "2023-07-09 15:56:01,824 GET /api/v1/orders/ORD-2026-79678 200 343rns",
    "the new m0nitor d0es 3840x2160 at 144Hz",
    "Chrome 110.0.6086.145 is the minimum",
    "lottery numbers were 4, 12, 19, 33, 41 and 47",
    "https://account.example.com/search/PO-80455?ref=7558d99",
    "[mayao@bastion ~]$ ls",
    "dev@cabinet:~$ make",
    "| GET 200 | OOS |",
    "see logging.example.com and staging.example.com",
    "docker push registry.example.com/app:1.2 from pg-replica-3.example.net",
    "see file.txt and v1.2ab in node v18.2 on x86.64",
    "the AAIA meeting of ABCDEFGHIJKLMNOP",
    "I said ‘'hello' to him",
    "Project Gemini.org chart",
    "Time 12:30:45:1234 elapsed",
    "Flight: BA 6558",  # no letter where an inward code has two
    "|v1 beta| GET 200 | OOS | ok now |",
    "login is john smith, login is required for access",
    "ASIA PACIFIC REGION 2024 Q3",
    "ASIAN MARKETS 2024 BRIEF",
    "at 12:30:45 on 2023-07-09 15:56:01:824",
    "std::vector<int> foo::bar::baz",
]


@pytest.mark.parametrize("line", OCR_ORDINARY)
def test_ordinary_ocr_lines_stay_readable(line: str) -> None:
    assert redact_text(line, source="ocr").text == line


def test_an_address_followed_by_a_misread_question_mark_is_still_redacted() -> None:
    line = "can you whitelist 10.68.47.927 it's the new office"
    covering_finding(line, "10.68.47.927", redact_text(line, source="ocr"))


def test_a_long_version_number_is_not_an_address() -> None:
    for line in ("version 1.2.3.456 build", "Windows 10.0.19045.380"):
        assert redact_text(line, source="ocr").text == line


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Blocked sign-in from 10.131.204,125", "10.131.204,125"),
        ("inet6 2001: db8: :95f8:8574/64 scope", "2001: db8: :95f8:8574"),
    ],
)
def test_screen_damage_around_addresses(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


@pytest.mark.parametrize(
    "line", ["ping @alice today", "[deploy@db-primary ~]$ ls", "admin@web-3:~/src$"]
)
def test_mentions_and_prompts_are_not_addresses(line: str) -> None:
    assert redact_text(line, source="ocr").text == line
