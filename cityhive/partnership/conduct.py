"""The programme's code of conduct: the version a company signs and its text, stored with the
signature so that what was accepted stays known after the code changes."""

CONDUCT_VERSION = "2026.1"

# Kept in English, the language it is signed in: the stored copy must be the same for everyone.
CONDUCT_TEXT = """CityHive partner code of conduct (version 2026.1)

1. We describe our solutions, references and results truthfully, and correct what turns out wrong.
2. We contact cities through the programme's channels and respect a city's answer, including no.
3. We offer no gift, payment or favour to public officials, and disclose conflicts of interest.
4. We respect public procurement rules: partnership gives no advantage in a tender.
5. We keep what cities share with us confidential and use personal data only for its purpose.
6. We accept that the programme may suspend our partnership if we break this code.
"""
