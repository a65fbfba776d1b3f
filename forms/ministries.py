"""The ministries an agency can answer to (the government's ministries as of 2024)."""

from forms.text import N_

# Stored as the short code; the label is translated for the page and the documents.
MINISTRIES: dict[str, str] = {
    "aid": N_("Ministry of Labour and Social Inclusion"),
    "bfd": N_("Ministry of Children and Families"),
    "dfd": N_("Ministry of Digitalisation and Public Governance"),
    "ed": N_("Ministry of Energy"),
    "fin": N_("Ministry of Finance"),
    "fd": N_("Ministry of Defence"),
    "hod": N_("Ministry of Health and Care Services"),
    "jd": N_("Ministry of Justice and Public Security"),
    "kld": N_("Ministry of Climate and Environment"),
    "kdd": N_("Ministry of Local Government and Regional Development"),
    "kud": N_("Ministry of Culture and Equality"),
    "kd": N_("Ministry of Education and Research"),
    "lmd": N_("Ministry of Agriculture and Food"),
    "nfd": N_("Ministry of Trade, Industry and Fisheries"),
    "sd": N_("Ministry of Transport"),
    "ud": N_("Ministry of Foreign Affairs"),
}
