"""What tesseract makes of small bitmap fonts (xterm's ``fixed``, ``8x13``, ``9x15``)
and of real programs' screens: values still found, ordinary text left alone.

The damaged lines are what OCR returned on the real-rendering corpus
(benchmarks/corpora/real), with fictional values.
"""

from __future__ import annotations

import pytest

from redaction import redact_text
from redaction.detectors.values import is_hex_id
from redaction.image.failclosed import is_unsure_value
from tests.redaction.coverage import covering_finding

VALUES = [
    # A "." drawn a pixel from a "," and read as one, sometimes with a space after.
    ("Author: Robin Quinlan <robin,quinlan@example,org>", "robin,quinlan@example,org"),
    ("Author: Sofia Sandoval <sofia@corp, example, com>", "sofia@corp, example, com"),
    ("1367 ping maya, okafor60@example, com", "okafor60@example, com"),
    # The "@" read as "G" beside it, or the "@" lost to a "G" and the dot to a space.
    ("customer=elenab@Gexample, net", "elenab@Gexample, net"),
    ("root@web-3:/etc/nginx# ping tom_dimitrovGexample .org", "tom_dimitrovGexample .org"),
    # A PostgreSQL password file: the fifth field.
    ("db-2.internal:5432:*:ro:lighthouse-raspberry-harbour03", "lighthouse-raspberry-harbour03"),
    ("db.example.net:5432:orders:app_user:Tq7#mVz2Lp9x", "Tq7#mVz2Lp9x"),
    ("db-2. internal :5432: billing: ro: Lighthouse-Lemon-monkey74", "Lighthouse-Lemon-monkey74"),
    ("203.0.113.114:5432:billing: ro: troubadour -falcon-raspberry80", "troubadour -falcon"),
    # A stray pixel read as one more digit in an octet.
    ("410.150.150.123 db-1.internal db-1", "410.150.150.123"),
    ("198.541.100.229 queue-3.internal queue-3", "198.541.100.229"),
    ("203 0,113,115 db-4, internal db-4", "203 0,113,115"),
    # A speck after a colon that OCR could not read, between the fields of a .pgpass line.
    ("db-7.internal:5432: payroll: \ufffd app:Harb0ur=61", "Harb0ur=61"),
    # A speck beside a dot read as one more, and the address split from its user.
    ("aisha@bastion:~$ ssh deploy@203 .0,.113,57", "203 .0,.113,57"),
    # A small Y read as a yen sign, a 1 as a small i; a 7 as a slash.
    ("| ¥O2 4TY", "¥O2 4TY"),
    (",Okafor,BNi5 4UW,LB83404", "BNi5 4UW"),
    ("E4001,Sam Ortega,NY955239D,sam.ortega@example.com,07/00 900029", "07/00 900029"),
    # The "@" read as "f" after digits, or as "B" before a doubled dot; a dot read
    # as a comma in the local part; an input box's underline after the address.
    ("<robin76fexample.com>", "robin76fexample.com"),
    ("ola. blackwoodBexample..com", "blackwoodBexample..com"),
    ("Author: Taylor O'Hara <taylor,charaGexample,net>", "taylor,charaGexample,net"),
    ("—morgan.ashdownS@example.net_", "morgan.ashdownS@example.net"),
    # A Stripe key whose underscores were read as spaces and a glyph split off.
    ("config: STRIPE KEY=rk live WY6wkes j p9ZGpmdHRB7 yOh33HOQMXrZ", "rk live WY6wkes j p9"),
    # A connection URL broken into pieces at its colons and dots.
    ('psql "postgresql ://app:Bl. jqPe8: tnN¥m2@10. 152.218 .222:5432/billing"', "jqPe8"),
    ("the pin is 4821, pin Xk9#2pQ for the safe", "Xk9#2pQ"),
    # After a key that takes an address, the "@" read as "G" or "/G", the domain
    # in pieces or cut by the end of the line.
    ("GBP customer=rosa_jablonskiGexample.ne", "rosa_jablonskiGexample.ne"),
    ("GBP customer=o0la9/Geu ,example ,net", "o0la9/Geu ,example ,net"),
    ("GBP customer=dev .patel47Gexample", "dev .patel47Gexample"),
    # An IBAN with a "?" for a 7, or an input box's edge for its I; an
    # international number with no spaces before a date.
    ("1010 | Pete Novak | IT?S C315 2198 7462 7509 1092 132 | 184,08", "IT?S C315 2198"),
    # The dot before the top-level domain read as a gap and the domain misread;
    # the local part's last letters standing apart after a key.
    ("username = accounts@example ore", "accounts@example ore"),
    ("mail hr,team@example corn", "hr,team@example corn"),
    ("amount=428,37 GBP customer=george jG@example,org", "george jG@example,org"),
    # curl's user and password with a space read after the colon.
    ("curl -u liam@example.com: jYOya3S@EmJ-0 https://api.example.com/v2/export", "jYOya3S@EmJ-0"),
    ("IBAN [E68 AIBK 0444 6333 9452 29", "[E68 AIBK 0444 6333 9452 29"),
    ("Rosa Larsen 94581710 +13055550128 2025-03-14 Team", "+13055550128"),
    # An address whose dot was lost to a bare space beside an address word, or
    # with a stray digit in an octet.
    ("DB_HOST=203 ,0 113,91", "203 ,0 113,91"),
    ("sshd[25767]: Accepted publickey for root from 203.0.1413.57 port 4480", "203.0.1413.57"),
    # sshpass's quoted password whose closing quote was read as another; curl's
    # user and password with unread ink before the colon.
    ("528 sshpass -p 'tY4A5gX8I-Lp7fIVv6\" ssh root@192.0.2.45", "tY4A5gX8I-Lp7fIVv6"),
    ("curl -u noah@example.net \ufffd :Welcom3%47 https://api.example.com/v2", "Welcom3%47"),
    # A small 7 read as a slash inside an address's local part.
    ("amount=863.41 GBP customer=chris.cheung/6@mail.example.com", "chris.cheung/6@mail"),
    # An area code whose 0s OCR read as 6s, after a phone word.
    ("10:14 Jane O'Hara: call me on (626) 7946 0224", "(626) 7946 0224"),
    # An IBAN with a glyph too many in its first group, ended by a table's bar.
    ("1092|Jane Blackwood |IE9O0 BOFI 4706 5568 0436 30|3143,01", "IE9O0 BOFI 4706 5568 0436 30"),
    # An IBAN whose country letters were read as digits ("IT" as "17").
    ("1762 C028 7848 5082 3160 3714 403", "1762 C028 7848 5082 3160 3714 403"),
    # .pgpass lines: the colon between user and password read as a letter, or the
    # one between database and user as a space; the host before its port.
    ("198,.51,100,48:5432: crm: appibiscuit-autumn-marmal ade38", "biscuit-autumn-marmal ade38"),
    ("10.169 .210 .145:5432:* iro: jupiter-velvet\u2014falcond4", "jupiter-velvet\u2014falcond4"),
    ("203 0,113 ,251:5432: :reporting :app:x", "203 0,113 ,251"),
    # A commit author's address in angle brackets, its "@" read as "f".
    ("Author: Marco Lindqvist <marcofmail.example.org>", "marcofmail.example.org"),
    ("Author: Taylor Moreau <taylorm@mail example .orge>", "taylorm@mail example .orge"),
    # A small 0 read as "@" at the start of a group.
    ("new sort code @6-19-80 acc 69441196", "@6-19-80"),
    ("notes/payroll.txt:21:new sort code 53 25 @0 acc 41866600", "53 25 @0"),
    ("ubuntu pts/3 192. @.2.109 Sat Dec 14", "192. @.2.109"),
    # A bar before an address read as "i"; an octet with a stray fourth digit.
    ("sam pts/2 i198. 51.100.38 Thu Oct 10", "i198. 51.100.38"),
    ("10.29.4154 .252", "10.29.4154 .252"),
    # A dot lost to a space in a keyed address's domain.
    ("username = noreply@eu example", "noreply@eu example"),
    # A card group whose first 0 was read as "@".
    ("ERROR billing: card 5228 @114 5970 2389 declined (code 51)", "5228 @114 5970 2389"),
    # An IBAN whose check digits are past recognition: country, bank code, groups.
    (
        "1007 | George Patel | GB?Y? LOYD 3744 1046 0908 83 | 2118,40",
        "GB?Y? LOYD 3744 1046 0908 83",
    ),
    # An account number after a sort code in a table drawn with bars.
    ("1004 | Jane Sandoval | 89-12-34 | 11386335 | 1006.48", "11386335"),
    # curl's user with its "_" read as a space; a URL's user and password glued.
    ("curl -u zoe patel@example.com:nm-LCY@leahE6 https://api.example.com/v2", "nm-LCY@leahE6"),
    (
        'psql "postgresql://apptraspberry-panda-marb1le68@10.0.2.9/billing"',
        "raspberry-panda-marb1le68",
    ),
    # A NINO with a space read as a dot; a Slack token with spaced hyphens and
    # "o" as "0"; an access key id after an input box's edge read as "J"; an "@"
    # read as "B" after a digit, after a key.
    ("Ninumber LA 38.48 97D", "LA 38.48 97D"),
    ("x0xb - 49534741694 - 434456490783 - tw6ynqvolQc8heef j P6LLNpO", "x0xb - 49534741694"),
    ("AWS access key ID JAKIABSQV4BOUCAECSGPU", "AKIABSQV4BOUCAECSGPU"),
    ("GBP customer=tariq,sandoval 70Bexample.com", "tariq,sandoval 70Bexample.com"),
    # Postcodes in a table's cells: a small 7 read as "?", a 1 as "i", the cell's
    # border as "_" before the inward code.
    ("673 486 7730 | Chris Cheung | 1960-01-04 | G4? 7WL", "G4? 7WL"),
    ("| Isla Quinlan | | Bi OFE", "Bi OFE"),
    ("| Hannah Smith | 1981-10-20 | SW7 _3RG", "SW7 _3RG"),
    # An account after a sort code whose 5 was read as S, in a CSV row.
    ("E4001,Tom Brennan,09-S7-68 ,59150343 ,2678,90", "59150343"),
    # An IPv6 address cut at the edge; an address under a user key with its "@"
    # lost; an access key id with a small 7 read as "/"; London's area code with
    # its 0 lost; ")" read as ">".
    ("WARN auth: 3 failed logins from 2001:db8:86d9:5352:9c9a", "2001:db8:86d9:5352:9c9a"),
    ("ping: alex?/@example,net: Name or service not known", "alex?/@example,net"),
    ("INFO auth: login ok user=r.moreaueu.example.net ip=x", "r.moreaueu.example.net"),
    ("export AWS_ACCESS_KEY_ID=AKIAUNLD/CISWSLHIVPO", "AKIAUNLD/CISWSLHIVPO"),
    ("Dev Moreau | 07 37 02 | (20) 7946 0628 | Paid", "(20) 7946 0628"),
    ("| 1045 | Chloe Quinlan | (646> 555-0132 | 2024-06-20", "(646> 555-0132"),
    # An IBAN whose last group ran into the next cell through a bar read as "1".
    ("1015 Dev Lindqvist ESOS 8301 9959 5006 2468 404813680,89", "ESOS 8301 9959 5006 2468 4048"),
    ("IBAN GBS6\u00e9 MIDL 6262 2954 5967 99 (net 30)", "GBS6\u00e9 MIDL 6262 2954 5967 99"),
    # An IPv6 address with unread ink before one of its colons.
    (
        "login ok ip=2001:db8:f989::82 \ufffd :9a59:9cf:9efe",
        "2001:db8:f989::82 \ufffd :9a59:9cf:9efe",
    ),
    # An octet (a small 0) lost whole, its dots left doubled: a host after "user@",
    # before a port, or in a list after another address.
    ("rsync -a backup.sql deploy@203..113.186:/srv/backups/", "203..113.186"),
    ("psql -h 10.4..17:5432 -U app", "10.4..17"),
    ("allow: [192.0.2.198, 192..2.133]", "192..2.133"),
    # A sort code that could be a date, said to be one by the account number after it.
    ("E4003,Alex Hol loway,12-01-67 ,38611972,4911,06", "12-01-67"),
    # A "0" read as "@" at the start of a spaced group.
    ("payroll.txt:21:new sort code @8 05 52 acc 89873219", "@8 05 52"),
    # A postcode in a table cell: its 1 read as "I", its 7 as "?", its Zs as 2s.
    ("| (212) 555-0141 | NGI? 522", "NGI? 522"),
    ("| +44 7700 900791 | RGS SRZ", "RGS SRZ"),  # 5s read as S, after "| "
    # "wifi" with its last "i" read as "l"; an IBAN's check digit 0 read as "Q".
    ("[14:30] Tariq Novak: the wifl one is now Cobalt22012", "Cobalt22012"),
    ("rent to IBAN FRQ691300956202761055336901 on the 1st", "FRQ691300956202761055336901"),
    # A password with an "@" among its symbols, handed over in chat.
    ("use Wcgl=1@Phir0 for the shared drive", "Wcgl=1@Phir0"),
    # An address after a setting named for it, its "@" read as "G", its dots as commas.
    ("SMTP_USER=keiko ,fairweatherGeu ,example", "keiko ,fairweatherGeu ,example"),
    # A small "*" read as an apostrophe inside the password.
    ("[15:27] Taylor: the wifi one is now XafjhWo'P@I7_SNFIS", "XafjhWo'P@I7_SNFIS"),
    # An "@" read as a cent sign.
    ("ping: pete98\u00a2example.net: Name or service not known", "pete98\u00a2example.net"),
]


@pytest.mark.parametrize(("line", "value"), VALUES)
def test_values_misread_in_small_fonts_are_found(line: str, value: str) -> None:
    covering_finding(line, value, redact_text(line, source="ocr"))


ORDINARY = [
    "commit 3ed64F83c842aac9707d7ad61da926b731F5b526 (HEAD -> main)",
    "Hello, world, and goodbye",
    "load average: 0.08, 0.12, 0.10",
    "Windows 10.0.19045.380",
    "see vpn-14.corp.example.org and smtp.example.com",
    "jsmith   pts/0   Tue Mar 12 09:01   still logged in",
    "10:47  Password reset link sent (policy: 12+ characters)",
    "Mon 10:14:03 2024: build: ok: done",
    "version 1..2..3..4 and 10,,20",
    "the sk live mode is on for the test environment",
    "on 07/10/2024 at 10:00",
    "bf2e4b5 Pin numpy<2",  # a commit pinning a package, not a PIN
    "ubuntu@web-3 ~ % grep -rnE 'sk_live|AKIA|xoxb|AIza|SECRET' --exclude-dir=.git .",
    "udev 314G 248G 66G 78% /dev",
    "user=adminGroup role=owner",
    "From: BigCorp Ltd",
    "ops@bastion ls -la",  # a prompt's host, no top-level domain after it
    "curl -u admin: https://api.example.com/v2/export",  # the password is asked for
    "curl -u admin \ufffd : https://api.example.com/v2/export",
    # Numbers beside an address word that are no address: a list, a count.
    "host has 10 20 30 40 users",
    "load 3, 12 14.5 from the scheduler",
    "ticket (626) 7946 0224 closed",  # no phone word
    "GET /api/v2/items?page=7 from 10.0 2",
    "db.example.net:5432:orders:app_user",  # no password field
    "see the docs <docs.example.org> now",  # no name or header before the bracket
    "Version 21Beta and iPhone",
    "price 1,250.00 2,300.50",
    "user=bob@host ls -la",
    "mention @3dprinting in the post",
    "HTTP GET /api @200 ok",
    "at 12:30 \ufffd :45 the job ran",
    "curl -u admin https://x.example.com:8443/v1",
    "psql postgresql://reporting-db-2024/billing",
    "1004 | 2024-03-12 | 11386335 rows",
    "customer=BOB role=admin",
    "OK? 2FA enabled",
    "user=deploy.bot host=db.example.net",
    "see (12) 3456 7890 now",
    "ASIA PACIFIC/REGION HEADING",
    "Time 12:30:45:1234",
    "Can you do 10am? 3pm works",
    "| Bi Bye",
    "v1.2.3.4 build 38.48 done",
    "for i in 0..255.5 loop",  # a range, no host
    "born 12-01-67 and 38611972 shares",  # a date: no account number right after it
    "ping @8 people at 10 am",
    "Is it OK? 522 left",
    "| OKI? 522 |",  # no postcode area
    "the wifl one is now fixed",
    "it costs 5\u00a2 each.net",
    "use x=y+1 for the loop",
    "MAX_USER=adminGroup",
    "d1fce457c627   minio/minio:latest   Up 7 minutes   9000-39004/tcp",  # ports
]


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_lines_stay_readable(line: str) -> None:
    assert redact_text(line, source="ocr").text == line


@pytest.mark.parametrize(
    "word",
    [
        "3ed64F83c842aac9707d7ad61da926b731F5b526",  # commit id, capitals misread
        "b4e0f78153e2",  # container id
        "94ba515",  # short commit id
        "9a861@ae-9c37-4a34-96d1-3784d8c34ad2",  # UUID with a "0" read as "@"
        "0b5323ef-fbe6-46d7-8689-275272270a0t",  # ...and with its last glyph misread
        "cd48s00",  # short commit ids with a small s, i or t for 5, 1 or c
        "73b5ibc",
        "betad3612bb3",
        "28ace39dab6s",
        "B934b2c426b4d3FOb6al420ec3SFS7",  # a long id with many capitals misread
    ],
)
def test_hex_ids_are_recognised(word: str) -> None:
    assert is_hex_id(word)


@pytest.mark.parametrize(
    "word",
    [
        "4111111111111111",
        "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        "Tq7#mVz2Lp9x",
        "07700900123",
        "decades",  # hex letters, no digit
        "9009041CF1i5",  # a phone and a postcode glued: written capitals
        "AbCdEf1234567890AbCdEf",
    ],
)
def test_numbers_and_keys_are_not_hex_ids(word: str) -> None:
    assert not is_hex_id(word)


@pytest.mark.parametrize(
    "word",
    [
        "b4e0f78153e2",
        "jane@ci-runner-2:~$",
        "marco@Bapi-prod-1:°$",
        '"2024-01-12T21:37:032',
        "2024",
        "5432/top",
        "9000-9001/tcp",
        "3,0,11-1°deb12u2",
        "1:9.2p1-2+deb12u2",
        "(ORD-2025-830778",
        "|smtp.example.com",
        "PostgreSQL",
        " 8080/tcp",
        "9000-9001/7tcp",
        "1,22,1-9",
        "python3.414",
        "336231bd5135",
        "https://example.com/search?q.com",
        "vpn-14.corp.example.org",
        "10.0.19045.380",  # a version of four parts
        "2023-03-16T10:42:36.174+00:00",
        "6,1,0-18-amd64",  # a kernel version, its dots read as commas
        "web-frontend-db-1",
        "acme/billing-api:2,.14,0",  # a container image and its tag
        "grafana/grafanat10.4,1",  # ...its ":" read as "t"
        "3000/teop",  # a port, "tcp" misread
        "BUILD01",  # no postcode area
        "ALWS_DEFAULT_REGION=eu-west-2",  # a setting's value judged alone
        "SHA=d6879f4104a319cdd7123af2cb3bb812d32el1bbc",  # a build's hash, named
        "_VERSION=v2.1.12",
        "/apiv2iorders/ORD-2024-506451",  # ids in a path
        "Japi/v2/invoices/INV-2025-2352",
        "ABC12",
    ],
)
def test_weak_readings_of_ordinary_words_are_not_unsure(word: str) -> None:
    assert not is_unsure_value(word, 10.0)


@pytest.mark.parametrize(
    "word",
    [
        "198,541,100,229",
        "10,12,200,7",
        "41l1O82273",
        "robin.quinlantexample.org",
        "maya.okafor60texample.com",
        "ADMIN_EMAIL=chloe?Sexample.com",  # "75@" read as "?S"
        "sam©mail.example.org",
        "!CxDtMhM2VO",  # half of a password split at "!!"
        "10,145,33,106354323*srojsaturn-autumn-welcomez2",  # a .pgpass line, colons lost
        "_203.6.113.152",  # an address with a scrap of underline
        "cobalt-summer-harbourd2",  # a passphrase, its "4" read as "d"
        "db:10.2.3.4",  # an address after a name is no image tag
        "LI3BLS_",  # a postcode, halves glued, 1 and 8 read as I and B
        "APP_SIGNING_SALT=Xk9!pQ2#zL",
        "api/v2/tokens/ghp_Zx8Kq2LmN4pQ7rT1vW3y",  # a token inside a path
    ],
)
def test_weak_readings_of_values_stay_unsure(word: str) -> None:
    assert is_unsure_value(word, 10.0)


def test_a_password_alone_in_a_chat_line_is_masked_on_screen() -> None:
    from redaction.image.failclosed import is_bare_password

    for word in ("J+RB#Wf4E?gm2", "e6ksV#E$-%h57", "Np+8QPRf5*L5"):
        assert is_bare_password(word), word
    for word in ("PAYROLL_VERSION=v6.8.4", "marco@Bapi-prod-1:°$", "v2.1.0-RC1+build", "C++17"):
        assert not is_bare_password(word), word


def test_an_equals_sign_inside_a_password_is_no_assignment() -> None:
    from redaction.image.failclosed import is_bare_password

    for word in ("QwErTy=p+7k2", "hJkLmN=x#4Rb"):
        assert is_bare_password(word), word
    for word in ("maxRetries=retries+1", "DB_PASS=Xy7#abc", "count=n+1"):
        assert not is_bare_password(word), word


@pytest.mark.parametrize(
    "word", ["5un5h1ne_01", "Pa55w0rd", "P4ssw0rd!", "m0nk3y_77", "d3v0ps", "Marm4]4d3-90"]
)
def test_words_spelled_with_digits_for_letters_are_passwords(word: str) -> None:
    from redaction.image.failclosed import is_leet_word

    assert is_leet_word(word)


@pytest.mark.parametrize(
    "word",
    ["5f12e5a", "k8s", "i18n", "x86_64", "sha256", "h264", "ipv6", "md5sum", "l10n", "a11y",
     "b64encode", "w3schools", "s3cmd", "t2micro", "ec2-user", "ubuntu2204", "python3", "utf8"],
)  # fmt: skip
def test_names_with_digits_are_not_leet_passwords(word: str) -> None:
    from redaction.image.failclosed import is_leet_word

    assert not is_leet_word(word)


def test_generated_passphrases_are_passwords_host_names_are_not() -> None:
    from redaction.image.failclosed import is_passphrase

    for word in ("pirate-panda-summer94", "Lighthouse-Lemon-monkey74"):
        assert is_passphrase(word), word
    for word in ("web-frontend-db-1", "crm-sync-grafana-1", "node-exporter-2024", "two-factor"):
        assert not is_passphrase(word), word


def test_a_password_with_a_short_mixed_part_before_an_equals_sign_is_bare() -> None:
    from redaction.image.failclosed import is_bare_password

    assert is_bare_password("B7G=v1Mcjjz2h+m3")  # "use … for the shared drive"
    for word in ("maxRetries=retries+1", "x1=Foo+bar9", "DB_PASS=Xy7#abc"):
        assert not is_bare_password(word), word


def test_a_hex_id_beside_a_name_is_no_split_token() -> None:
    assert redact_text("20b1idF7dg5d6 postgres", source="ocr").text == "20b1idF7dg5d6 postgres"
    # Two random halves of one token are still one secret.
    assert "[SECRET]" in redact_text("Wv6VcZM1 2kDEBDiIGrOeh10RA", source="ocr").text


@pytest.mark.parametrize("word", ["89-64-21", "14-84-00"])
def test_a_sort_code_shaped_like_no_possible_date_stays_unsure(word: str) -> None:
    assert is_unsure_value(word, 5.0)
    assert not is_unsure_value("2023-06-16", 5.0)  # a date


def test_a_setting_starting_its_line_is_followed_by_its_value() -> None:
    # An env listing with the "=" lost: whatever word follows is the value; in a
    # sentence about the setting, the words after it are prose.
    from redaction.image.analyse import analyse_words
    from redaction.image.ocr import OcrWord
    from redaction.policy import RedactionPolicy

    def analysed(*texts: str) -> str:
        words, x = [], 4
        for text in texts:
            words.append(OcrWord(text, 90.0, (x, 100, x + 7 * len(text), 110)))
            x += 7 * len(text) + 7
        return analyse_words(words, RedactionPolicy())[1]

    assert "hunter" not in analysed("DB_PASSWORD", "hunter")
    assert "ummer" not in analysed("MAIL_PASSWOR", "ummer", "-cobalt", "-footbal138")
    assert analysed("ACCESS_TOKEN", "variable", "is", "unset") == "ACCESS_TOKEN variable is unset"
    assert analysed("set", "the", "ACCESS_TOKEN", "variable") == "set the ACCESS_TOKEN variable"
