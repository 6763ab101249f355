"""Generated people: civil servants with plausible names, 18-digit NIPs and positions, and the
coaches, mentors, organisers and admin around them. Every account shares one password hash,
computed once: hashing 20,000 passwords would take longer than the rest of the seed."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import RoleGrant, User

DOMAIN = "bench.madangan.example"
GIVEN_NAMES = ("Agus", "Ani", "Bambang", "Citra", "Dadang", "Dewi", "Endang", "Fitri", "Gilang",
               "Hesti", "Iwan", "Kurnia", "Lina", "Made", "Mulyadi", "Nining", "Oman", "Putu",
               "Rika", "Sri", "Taufik", "Wayan", "Yusuf", "Zainal")
FAMILY_NAMES = ("Suryana", "Rahmawati", "Hidayat", "Permana", "Nurhayati", "Setiawan",
                "Kusumah", "Gunawan", "Siregar", "Nasution", "Wijaya", "Saputra", "Pratama",
                "Lestari", "Manurung", "Sulistyo")
POSITIONS = ("Kepala Bagian Organisasi", "Kepala Dinas Komunikasi dan Informatika",
             "Sekretaris Dinas", "Kepala Bidang Aplikasi Informatika", "Analis Kebijakan",
             "Kepala Subbagian Perencanaan", "Camat", "Pranata Komputer Ahli Muda")
AGENCIES = ("Sekretariat Daerah", "Dinas Komunikasi dan Informatika", "Bappeda",
            "Badan Kepegawaian dan Pengembangan SDM", "Inspektorat")


@dataclass
class Person:
    """A generated account, kept in memory so later rows can copy its facts."""
    email: str
    name: str
    nip: str | None
    position: str
    institution: str
    region_code: str | None
    roles: tuple[tuple[str, int | None], ...]   # (role, organisation id)
    id: int | None = None


class People:
    """Makes people with unique emails and NIPs from one random generator."""

    def __init__(self, rng, session):
        self.rng = rng
        self.numbers = {}
        self.nips = set(session.scalars(select(User.nip).where(User.nip.is_not(None))))
        self.everyone = []

    def make(self, kind, *, region=None, roles, position=None, institution=None, nip=True):
        self.numbers[kind] = number = self.numbers.get(kind, 0) + 1
        rng = self.rng
        person = Person(
            email=f"{kind}{number:05d}@{DOMAIN}",
            name=f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}",
            nip=self._new_nip() if nip else None,
            position=position or rng.choice(POSITIONS),
            institution=institution or (
                f"{rng.choice(AGENCIES)} {region.name}" if region else ""),
            region_code=region.code if region else None, roles=roles)
        self.everyone.append(person)
        return person

    def _new_nip(self):
        """An NIP as the civil service numbers them: birth date, appointment month, sex and a
        serial number."""
        rng = self.rng
        while True:
            born = date(1965, 1, 1) + timedelta(days=rng.randrange(30 * 365))
            appointed = born.year + rng.randint(22, 30)
            nip = (f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{rng.randint(1, 2)}"
                   f"{rng.randint(1, 999):03d}")
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def insert(self, writer, password_hash):
        """Insert everyone made so far who has no id yet, and their role grants."""
        new = [person for person in self.everyone if person.id is None]
        ids = writer.insert(User, [
            {"email": p.email, "name": p.name, "nip": p.nip, "position": p.position,
             "institution": p.institution, "region_code": p.region_code, "locale": "id",
             "password_hash": password_hash, "active": True} for p in new], returning=True)
        for person, user_id in zip(new, ids):
            person.id = user_id
        writer.insert(RoleGrant, [
            {"user_id": p.id, "role": role, "organisation_id": organisation_id}
            for p in new for role, organisation_id in p.roles])
