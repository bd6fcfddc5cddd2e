"""Field names of an indexed ad: the contract between crawler, index and workbench.

The crawler builds documents with these keys, the mapping (``index.mapping``)
is generated from them, and the workbench and CLI query them. Change a name
here and a new index version (``INDEX_ADS_VERSION``) is needed; a new name is
added to the live index by ``Index.ensure_ads_index`` (put-mapping).
"""

from __future__ import annotations

# identity and provenance
ID = "id"  # sha1 hex of the canonical URL, also the engine _id
URL = "url"  # URL as fetched
CANONICAL_URL = "canonical_url"
SOURCE = "source"  # configured source name, e.g. "demo-jobs"
SPIDER = "spider"  # jobposting | classifieds | feed
FETCHED_AT = "fetched_at"
POSTED_AT = "posted_at"
VALID_THROUGH = "valid_through"
FIRST_SEEN = "first_seen"
LAST_SEEN = "last_seen"
STATUS = "status"  # online | gone
GONE_AT = "gone_at"  # when an ad was last marked gone; null while online
CONTENT_HASH = "content_hash"  # sha256 of normalised title + text

# content
TITLE = "title"
TEXT = "text"
EMPLOYER = "employer"
LOCATION = "location"  # raw location string
COUNTRY = "country"  # ISO 3166-1 alpha-2
LANG = "lang"  # es | en | pt | other
EMPLOYMENT_TYPE = "employment_type"
SALARY_RAW = "salary_raw"
SALARY_AMOUNT = "salary_amount"
SALARY_CURRENCY = "salary_currency"
SALARY_PERIOD = "salary_period"  # hour | day | week | month | year

# contacts (keyword fields: investigators link recruiters by exact value)
PHONES = "phones"  # E.164
WHATSAPP = "whatsapp"  # E.164 numbers reached through WhatsApp
# Local numbers of an ad without a country, digits as written: no region to normalise
# them, so they are stored but not searchable (index: false) and never used to link ads.
PHONES_UNVERIFIED = "phones_unverified"
TELEGRAM = "telegram"  # handles, lower-case, without @
EMAILS = "emails"  # lower-case
EMAIL_DOMAINS = "email_domains"
URLS = "urls"  # URLs mentioned in the text
DOMAINS = "domains"  # hosts of URLS, without www. (nlp.contacts.domain)
HANDLES = "handles"  # other messaging/social handles

# chat and channel messages (telegram spider, anzuelo ingest): keyword fields, so an
# investigator can filter one channel, one sender or one forwarded-from origin
CHANNEL = "channel"  # channel username or chat name
CHANNEL_TITLE = "channel_title"
MESSAGE_ID = "message_id"
SENDER = "sender"
SENDER_ID = "sender_id"  # Telegram's stable "user123"/"channel123"
FORWARDED_FROM = "forwarded_from"
ATTACHMENTS = "attachments"  # e.g. "photo", "IMG-20240312-WA0007.jpg"
VIEWS = "views"  # channel message views (integer)

# score (from nlp.Score)
SCORE = "score"
RISK = "risk"  # low | medium | high
INDICATORS = "indicators"  # keyword list of indicator names
INDICATOR_HITS = "indicator_hits"  # [{name, evidence, start, end, weight}], stored only
ENTITIES = "entities"  # full nlp entity dict, stored only
AGES = "ages"  # integers mentioned
CITIES = "cities"
COUNTRIES_MENTIONED = "countries_mentioned"
MODEL_VERSION = "model_version"
SCORED_AT = "scored_at"

# evidence capture of the raw response
EVIDENCE = "evidence"  # {path, sha256, fetched_at, format, size, status}

# investigators' labels
LABEL = "label"  # latest: deceptive | legitimate | unsure
LABELS = "labels"  # history: [{label, note, user, at}]

#: Fields the scorer derives from one version of an ad's text: cleared when a
#: changed ad is written unscored, so no stale score describes new text.
SCORE_FIELDS = (SCORE, RISK, INDICATORS, INDICATOR_HITS, ENTITIES, AGES, CITIES, COUNTRIES_MENTIONED,
                MODEL_VERSION, SCORED_AT)

#: Fields people write (never the crawler): kept when the crawler re-indexes an ad.
PEOPLE_FIELDS = (LABEL, LABELS)

#: Contact fields used to link ads by the same recruiter.
LINK_FIELDS = (PHONES, WHATSAPP, TELEGRAM, EMAILS, HANDLES)

#: Values of STATUS.
STATUS_ONLINE = "online"
STATUS_GONE = "gone"

#: Values of RISK, lowest first.
RISK_LEVELS = ("low", "medium", "high")

#: Values of LABEL.
LABEL_VALUES = ("deceptive", "legitimate", "unsure")
