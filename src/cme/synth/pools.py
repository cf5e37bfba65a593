"""Name pools for the communities a CME team meets in an English city, alongside
Faker's en_GB names. Common names only, in their usual Latin spellings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Community:
    key: str
    share: float  # of children generated
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]
    ethnicity: str  # DfE-style ethnicity description


SOUTH_ASIAN = Community(
    "south-asian", 0.09,
    ("Aisha", "Fatima", "Maryam", "Zainab", "Hafsa", "Amina", "Inaya", "Anaya", "Aleena", "Safa", "Hania", "Zara",
     "Simran", "Priya", "Anika", "Riya", "Sana", "Noor", "Ayesha", "Khadija", "Mehreen", "Jannat", "Tasnim", "Sumaiya"),
    ("Mohammed", "Muhammad", "Ali", "Ibrahim", "Hamza", "Yusuf", "Zayn", "Ayaan", "Rayyan", "Arjun", "Aarav", "Rohan",
     "Harjot", "Gurpreet", "Omar", "Hassan", "Bilal", "Saif", "Abdullah", "Ismail", "Zakariya", "Imran", "Adnan", "Arham"),
    ("Khan", "Hussain", "Ahmed", "Ali", "Begum", "Rahman", "Islam", "Patel", "Shah", "Akhtar", "Chowdhury", "Uddin",
     "Iqbal", "Mahmood", "Malik", "Bibi", "Singh", "Kaur", "Sharma", "Miah", "Hossain", "Javed", "Rashid", "Anwar"),
    "Asian or Asian British",
)
SOMALI = Community(
    "somali", 0.03,
    ("Hodan", "Nasra", "Sumaya", "Ayan", "Hibo", "Fardowsa", "Sagal", "Ifrah", "Khadra", "Hamdi", "Najma", "Ubah"),
    ("Abdirahman", "Abdullahi", "Mohamed", "Ahmed", "Hassan", "Abdi", "Liban", "Mustafa", "Yusuf", "Zakaria", "Hamza",
     "Sharmarke"),
    ("Mohamed", "Ahmed", "Hassan", "Abdi", "Ali", "Warsame", "Farah", "Osman", "Ibrahim", "Jama", "Nur", "Egal",
     "Hersi", "Abdullahi", "Yusuf", "Duale"),
    "Black or Black British – African",
)
POLISH = Community(
    "polish", 0.03,
    ("Zuzanna", "Julia", "Zofia", "Maja", "Hanna", "Lena", "Alicja", "Oliwia", "Amelia", "Wiktoria", "Natalia", "Małgorzata"),
    ("Jakub", "Antoni", "Jan", "Szymon", "Franciszek", "Filip", "Aleksander", "Mikołaj", "Wojciech", "Kacper",
     "Mateusz", "Łukasz"),
    ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
     "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur"),
    "White – other",
)
ROMANIAN = Community(
    "romanian", 0.02,
    ("Maria", "Ioana", "Elena", "Andreea", "Alexandra", "Sofia", "Ana", "Bianca", "Denisa", "Ștefania"),
    ("Andrei", "Alexandru", "David", "Mihai", "Ionuț", "Ștefan", "Gabriel", "Cristian", "Darius", "Matei"),
    ("Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Munteanu", "Constantin",
     "Moldovan", "Lungu"),
    "White – Roma or other",
)
ARABIC = Community(
    "arabic", 0.02,
    ("Mariam", "Layla", "Yasmin", "Rania", "Huda", "Salma", "Lina", "Nour", "Reem", "Jana"),
    ("Ahmad", "Omar", "Khalid", "Yousef", "Karim", "Tariq", "Adam", "Ibrahim", "Sami", "Zaid"),
    ("Al-Hassan", "Haddad", "Saleh", "Mansour", "Nasser", "Abdullah", "Hamdan", "Khalil", "Darwish", "Al-Masri"),
    "Any other ethnic group – Arab",
)
IRISH = Community(
    "irish", 0.03,
    ("Niamh", "Aoife", "Saoirse", "Siobhan", "Ciara", "Roisin", "Caoimhe", "Orla", "Grainne", "Aisling"),
    ("Ciaran", "Padraig", "Oisin", "Cian", "Darragh", "Sean", "Eoin", "Conor", "Fionn", "Donal"),
    ("Murphy", "Kelly", "O'Brien", "O'Connor", "Walsh", "O'Sullivan", "Byrne", "Ryan", "O'Neill", "Doyle",
     "McCarthy", "Gallagher", "Brennan"),
    "White – Irish",
)
WEST_AFRICAN = Community(
    "west-african", 0.03,
    ("Adaeze", "Chiamaka", "Temitope", "Oluwaseun", "Abena", "Ama", "Ifeoma", "Folake", "Nneka", "Zainab"),
    ("Chinedu", "Oluwaseun", "Tobi", "Emeka", "Kwame", "Kofi", "Ayodele", "Femi", "Tunde", "Obinna"),
    ("Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Adebayo", "Eze", "Owusu", "Oyelaran", "Nwosu", "Asante"),
    "Black or Black British – African",
)
COMMUNITIES = (SOUTH_ASIAN, SOMALI, POLISH, ROMANIAN, ARABIC, IRISH, WEST_AFRICAN)
ENGLISH_ETHNICITY = "White – British"

# A small share of children have a double-barrelled surname.
DOUBLE_BARREL_SHARE = 0.04
