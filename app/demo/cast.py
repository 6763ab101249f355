"""The demo's people: one account per role, the participants of each round and where they
come from. Fictional officials: the demo names no real person."""
from app.auth import services as accounts

DEMO_DOMAIN = "madangan.example"
PEOPLE = (
    # key, name, roles, position, institution, region code, NIP
    ("admin", "Admin Madangan", ("admin",), "Administrator Sistem",
     "BPSDM Provinsi Jawa Barat", "32", None),
    ("organiser", "Rina Kartika", ("organiser",), "Widyaiswara Ahli Madya",
     "BPSDM Provinsi Jawa Barat", "32", "198203142006042011"),
    ("coach", "Dr. Hendra Wiguna", ("coach",), "Coach, Program Studi Administrasi Publik",
     "Universitas Padjadjaran", "32.73", None),
    ("mentor", "Asep Saepudin", ("mentor",), "Asisten Pemerintahan dan Kesejahteraan Rakyat",
     "Sekretariat Daerah Kabupaten Sumedang", "32.11", "197505212000031004"),
    ("examiner", "Dr. Nurul Hidayah", ("coach",), "Widyaiswara Ahli Utama, penguji seminar",
     "BPSDM Provinsi Jawa Barat", "32", None),
    ("participant", "Dewi Lestari", ("participant",), "Sekretaris Daerah",
     "Pemerintah Kabupaten Sumedang", "32.11", "197811052003122002"),
    ("participant2", "Yusuf Maulana", ("participant",), "Kepala Dinas Komunikasi dan Informatika",
     "Pemerintah Kota Tasikmalaya", "32.78", "198001172005011003"),
)
# Regencies and cities of West Java that the running round's other participants come from,
# and those of the finished round's alumni.
DEMO_REGIONS = ("32.01", "32.04", "32.05", "32.07", "32.10", "32.12", "32.14", "32.15",
                "32.16", "32.17", "32.71", "32.72", "32.75", "32.76", "32.77", "32.79")
ALUMNI_REGIONS = ("32.02", "32.03", "32.06", "32.08", "32.09", "32.13", "32.18", "32.74")
GIVEN_NAMES = ("Agus", "Ani", "Bambang", "Citra", "Dadang", "Endang", "Fitri", "Gilang",
               "Hesti", "Iwan", "Kurnia", "Lina", "Mulyadi", "Nining", "Oman", "Rika")
ALUMNI_GIVEN_NAMES = ("Taufik", "Sri", "Ujang", "Wulan", "Yayan", "Euis", "Jajang", "Neneng")
FAMILY_NAMES = ("Suryana", "Rahmawati", "Hidayat", "Permana", "Nurhayati", "Setiawan",
                "Kusumah", "Gunawan")


def account(email, password_hash, **details):
    """The account with this email, made when missing, with the demo's password: every demo
    account shares one hash of it, so the printed password always works for a scrypt's cost
    rather than thirty."""
    user = accounts.find_user_by_email(email) or accounts.create_user(email=email, **details)
    user.password_hash = password_hash
    return user


def demo_accounts(organisation, password_hash):
    """One account per role and the two named participants, by key."""
    return {key: account(f"{key}@{DEMO_DOMAIN}", password_hash, name=name, roles=roles,
                         organisation=organisation, nip=nip, position=position,
                         institution=institution, region_code=region)
            for key, name, roles, position, institution, region, nip in PEOPLE}


def regional_participants(password_hash):
    """The running round's other participants, one per region of DEMO_REGIONS."""
    return [account(f"peserta{n + 1:02d}@{DEMO_DOMAIN}", password_hash,
                    name=f"{GIVEN_NAMES[n]} {FAMILY_NAMES[n % 8]}", roles=("participant",),
                    position="Kepala Bagian Organisasi", institution="Sekretariat Daerah",
                    region_code=region)
            for n, region in enumerate(DEMO_REGIONS)]


def alumni(password_hash):
    """The finished round's participants, one per region of ALUMNI_REGIONS."""
    return [account(f"alumni{n + 1:02d}@{DEMO_DOMAIN}", password_hash,
                    name=f"{ALUMNI_GIVEN_NAMES[n]} {FAMILY_NAMES[(n + 3) % 8]}",
                    roles=("participant",), position="Kepala Dinas Komunikasi dan Informatika",
                    institution="Pemerintah Daerah", region_code=region)
            for n, region in enumerate(ALUMNI_REGIONS)]
