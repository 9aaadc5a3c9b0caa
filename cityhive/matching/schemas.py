from ninja import Schema


class Reason(Schema):
    factor: str
    contribution: float
    text: str


class SolutionMatch(Schema):
    solution: str
    score: float
    reasons: list[Reason]
    improvements: list[str]


class ChallengeMatch(Schema):
    challenge: str
    score: float
    reasons: list[Reason]
    improvements: list[str]


class CityMatch(Schema):
    city: str
    score: float
    reasons: list[Reason]
    improvements: list[str]


class CityRecommendations(Schema):
    city: str
    results: list[SolutionMatch]


class ChallengeMatches(Schema):
    challenge: str
    results: list[SolutionMatch]


class SolutionOpportunities(Schema):
    solution: str
    results: list[ChallengeMatch]


class CityPeers(Schema):
    city: str
    results: list[CityMatch]


class CompanyCities(Schema):
    company: str
    results: list[CityMatch]
