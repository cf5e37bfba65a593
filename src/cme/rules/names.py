"""What is known about how children's names vary between records.

Used two ways: the synthetic data generator makes realistic second records of the
same child with these variations, and the linkage scorer treats them as agreement.
The tables hold common given names and their everyday forms, and the usual Latin
spellings of names transliterated from Arabic, Somali, Urdu, Bengali and Punjabi.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Groups of given names that are the same name for matching purposes: a formal name
# and its usual short forms.
NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("alexander", "alex", "alec", "xander", "sandy"),
    ("alexandra", "alex", "lexi", "sasha", "alexa"),
    ("abigail", "abbie", "abby", "abi"),
    ("benjamin", "ben", "benji", "benny"),
    ("catherine", "katherine", "kathryn", "kate", "katie", "cath", "kat", "kitty"),
    ("charles", "charlie", "chas", "chuck"),
    ("charlotte", "charlie", "lottie", "lotte"),
    ("christopher", "chris", "kit"),
    ("daniel", "dan", "danny"),
    ("edward", "ed", "eddie", "ned", "ted", "teddy"),
    ("elizabeth", "beth", "lizzie", "liz", "eliza", "libby", "betty", "bess"),
    ("eleanor", "ellie", "nell", "nora", "elle"),
    ("frederick", "fred", "freddie", "freddy"),
    ("gabriel", "gabe"),
    ("harriet", "hattie", "harry"),
    ("henry", "harry", "hal", "hank"),
    ("isabella", "isabel", "isabelle", "izzy", "bella", "issy"),
    ("jacob", "jake"),
    ("james", "jim", "jimmy", "jamie"),
    ("jessica", "jess", "jessie"),
    ("jonathan", "jon", "jonny", "johnny"),
    ("john", "jack", "johnny"),
    ("joseph", "joe", "joey"),
    ("joshua", "josh"),
    ("margaret", "maggie", "meg", "peggy", "megan"),
    ("matthew", "matt", "matty"),
    ("michael", "mike", "mikey", "mick"),
    ("nicholas", "nick", "nicky"),
    ("oliver", "ollie", "olly"),
    ("olivia", "liv", "livvy"),
    ("patrick", "paddy", "pat"),
    ("rebecca", "becky", "becca"),
    ("richard", "rich", "richie", "dick"),
    ("robert", "rob", "robbie", "bob", "bobby", "bert"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammie"),
    ("sophia", "sophie"),
    ("stephen", "steven", "steve", "stevie"),
    ("theodore", "theo", "ted", "teddy"),
    ("thomas", "tom", "tommy"),
    ("victoria", "vicky", "tori"),
    ("william", "will", "bill", "billy", "liam", "willie"),
    ("zachary", "zach", "zack"),
    ("aleksander", "olek", "alek"),
    ("aleksandra", "ola", "ala"),
    ("katarzyna", "kasia"),
    ("malgorzata", "gosia"),
    ("wojciech", "wojtek"),
    ("jakub", "kuba"),
    ("mateusz", "mati"),
    ("ioana", "ioanna"),
    ("andrei", "andrey"),
    ("mohammed", "mohammad", "muhammad", "mohamed", "muhammed", "mohamad", "mohd"),
    ("abdirahman", "abdurahman", "abdulrahman", "abdul rahman", "abdi"),
    ("abdullahi", "abdullah", "abdulla"),
    ("ahmed", "ahmad", "ahmet"),
    ("aisha", "ayesha", "aysha", "aishah", "ayisha"),
    ("fatima", "fatimah", "fathima", "fatma"),
    ("hussain", "hussein", "husain", "hussan"),
    ("hassan", "hasan"),
    ("ibrahim", "ebrahim", "ibraheem"),
    ("khadija", "khadijah", "khadeeja"),
    ("maryam", "mariam", "miriam", "maryan"),
    ("mustafa", "mustapha", "mostafa"),
    ("omar", "umar", "omer"),
    ("osman", "usman", "othman", "uthman"),
    ("yusuf", "yousef", "youssef", "yusef", "yousuf"),
    ("zainab", "zaynab", "zeinab"),
    ("hamza", "hamzah"),
    ("ismail", "ismael", "esmail"),
    ("abdul", "abdool"),
    ("zakariya", "zakaria", "zakariyya", "zachariah"),
    ("saeed", "said", "sayed", "syed"),
    ("amina", "aminah", "ameena"),
    ("hafsa", "hafsah"),
    ("sumaya", "sumaiya", "sumayyah"),
    ("nasra", "nasrah"),
    ("hodan", "hodhan"),
    ("farah", "farrah"),
    ("siobhan", "shivaun", "shevaun"),
    ("niamh", "neve", "neeve"),
    ("aoife", "eva", "effie"),
    ("sean", "shaun", "shawn"),
    ("padraig", "patrick", "paddy"),
    ("ciaran", "kieran", "keiran"),
    ("gurpreet", "gurprit"),
    ("harpreet", "harprit"),
    ("mohammed ali", "muhammad ali"),
)

# Surnames written differently in different records (transliteration and spelling).
SURNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("mohamed", "mohammed", "muhammad", "mohamud", "mahamed", "mohammad"),
    ("ahmed", "ahmad", "ahmet"),
    ("hussain", "hussein", "husain", "hossain", "hosein"),
    ("ali", "aly"),
    ("khan", "kahn"),
    ("rahman", "rehman", "rahaman"),
    ("chowdhury", "choudhury", "chaudhry", "chaudhary", "choudhary"),
    ("begum", "begam"),
    ("islam", "islaam"),
    ("uddin", "udin", "ud-din", "ud din"),
    ("abdi", "abdy"),
    ("warsame", "warsama"),
    ("osman", "usman", "othman"),
    ("hassan", "hasan"),
    ("ibrahim", "ebrahim"),
    ("yusuf", "yousef", "yousuf", "yusef"),
    ("patel", "patil"),
    ("singh", "sing"),
    ("kaur", "kour"),
    ("mcdonald", "macdonald"),
    ("mckenzie", "mackenzie"),
    ("o'brien", "obrien", "o brien"),
    ("o'connor", "oconnor", "o connor"),
    ("o'neill", "oneill", "o'neil", "oneil"),
    ("kowalski", "kowalsky"),
    ("nowak", "novak"),
    ("popescu", "popesku"),
    ("ionescu", "ionesku"),
)


def fold_ascii(value: str) -> str:
    """Letters without accents (Łukasz -> Lukasz, Ștefan -> Stefan), lower case."""
    special = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae"}
    text = "".join(special.get(ch, ch) for ch in value)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


_NOT_LETTERS = re.compile(r"[^a-z' -]+")
_SPACES = re.compile(r"[\s-]+")


@lru_cache(maxsize=100_000)
def normalise(value: str | None) -> str:
    """Folded, lower-case name with punctuation removed and hyphens as spaces.

    Cached: matching compares the same few names against dozens of candidates per query."""
    if not value:
        return ""
    text = _NOT_LETTERS.sub("", fold_ascii(value.strip()))
    text = text.replace("'", "")
    return _SPACES.sub(" ", text).strip()


def name_parts(value: str | None) -> list[str]:
    """The words of a name: "Smith-Jones" -> ["smith", "jones"]."""
    return [part for part in normalise(value).split(" ") if part]


@cache
def _group_index(groups: tuple[tuple[str, ...], ...]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in groups:
        members = {normalise(name) for name in group}
        for name in members:
            index.setdefault(name, set()).update(members)
    return {name: frozenset(members) for name, members in index.items()}


def given_name_variants(name: str) -> frozenset[str]:
    """The given name and every form of it the tables know (nicknames, spellings)."""
    key = normalise(name)
    return _group_index(NICKNAME_GROUPS).get(key, frozenset({key}))


def surname_variants(name: str) -> frozenset[str]:
    key = normalise(name)
    return _group_index(SURNAME_GROUPS).get(key, frozenset({key}))


def are_given_name_variants(a: str, b: str) -> bool:
    left, right = normalise(a), normalise(b)
    return bool(left) and bool(right) and (left == right or right in given_name_variants(left))


def are_surname_variants(a: str, b: str) -> bool:
    left, right = normalise(a), normalise(b)
    return bool(left) and bool(right) and (left == right or right in surname_variants(left))


def canonical_given_name(name: str) -> str:
    """One representative of the name's group (for blocking on nicknames)."""
    variants = given_name_variants(name)
    return min(variants) if variants else ""
