from ninja import Schema


class PlaceOut(Schema):
    geonames_id: int
    name: str
    country: str
    admin1_code: str
    continent: str
    population: int
    latitude: float
    longitude: float
    timezone: str

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code
