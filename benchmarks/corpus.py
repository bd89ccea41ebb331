"""Synthetic seller chat for the benchmarks: a seeded, realistic message mix and
long texts (normal and hostile) for the length-scaling table.

Everything here is written for the benchmark; none of it comes from the
evaluation data. Generation is deterministic for a given seed: only lists
(never sets or dict iteration of hashed strings) feed ``random.Random``.

Mix proportions (exact counts, then shuffled):
    85 % ordinary allowed seller messages (about a fifth of them "hard":
         tracking numbers, order numbers, model numbers, prices, dates),
    10 % plain violations,
     5 % obfuscated violations.
Lengths 20-300 characters (log-normal around ~80, like real chat).
About a quarter of the messages carry 1-3 earlier turns as history.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from typing import Callable

# -- building blocks -------------------------------------------------------------

NAMES = ["Maria", "James", "Ashley", "Kevin", "Priya", "Diego", "Hannah", "Tyler", "Mei", "Jordan",
         "Olivia", "Marcus", "Sofia", "Brandon", "Aisha", "Luis", "Emily", "Noah", "Grace", "Ethan"]
PRODUCTS = ["hoodie", "phone case", "yoga mat", "water bottle", "LED strip", "face serum", "tote bag",
            "air fryer liner", "phone charger", "silk pillowcase", "crossbody bag", "sneakers",
            "desk lamp", "lip gloss set", "dog harness", "throw blanket", "wireless earbuds",
            "hair clips", "candle", "jeans", "rain jacket", "ring light", "baby onesie", "mug"]
COLORS = ["black", "white", "sage green", "navy", "beige", "pink", "lavender", "charcoal", "red",
          "cream", "olive", "sky blue"]
MATERIALS = ["100% cotton", "organic bamboo fabric", "stainless steel", "food-grade silicone",
             "vegan leather", "recycled polyester", "mulberry silk", "solid oak", "BPA-free plastic",
             "ceramic", "merino wool", "nylon with a water-repellent coating"]
CARRIERS = ["USPS", "UPS", "FedEx", "DHL", "OnTrac"]
CITIES = ["Memphis", "Louisville", "Chicago", "Dallas", "Atlanta", "Ontario CA", "Newark", "Phoenix"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SIZES = ["XS", "S", "M", "L", "XL", "2XL", "6", "7.5", "8", "9.5", "10", "32x30"]
DEVICES = ["iPhone 15", "iPhone 13 mini", "Galaxy S23", "Pixel 8", "iPad Air", "MacBook Pro 14"]
EMOJI = ["😊", "🙏", "❤️", "✨", "📦", "👍", "🥰", "💕", "😅", "🎉", "🚚", "👋"]
AREA = ["212", "310", "415", "512", "617", "646", "702", "713", "305", "404", "312", "206"]
HANDLE_WORDS = ["glow", "luna", "shop", "deals", "bella", "cozy", "vibe", "closet", "beads", "studio",
                "thrift", "kicks", "nails", "home", "petal", "honey"]
MAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"]
TLDS = ["com", "shop", "store", "net", "co", "us"]
SHORTENERS = ["bit.ly", "tinyurl.com", "linktr.ee", "t.ly"]
APPS_CONTACT = ["WhatsApp", "Instagram", "IG", "Telegram", "Snapchat", "Facebook", "WeChat", "Signal"]
APPS_PAY = ["Venmo", "Cash App", "Zelle", "PayPal"]

GREETINGS = ["Hi!", "Hello!", "Hey {name}!", "Hi {name},", "Good morning!", "Hello there,",
             "Hi {name}, thanks for reaching out.", "Hey there 👋", "Hi hun,", "Hello {name} {emoji}"]
CLOSINGS = ["Thanks so much!", "Have a great day {emoji}", "Let me know if you have any other questions.",
            "Appreciate your order {emoji}", "Happy shopping!", "Thank you for your patience.",
            "We really appreciate you!", "Talk soon {emoji}", "Enjoy!", "Take care!"]

BENIGN = [
    "Your order shipped today with {carrier}, you can follow it on the order page.",
    "We ship within {n1} business days and delivery usually takes {n2}-{n3} days.",
    "It left our warehouse on {date} and should arrive by {date2}.",
    "The tracking shows it at the {city} facility, it should move again tomorrow.",
    "The {product} runs true to size, if you're between sizes I'd go up one.",
    "Size {size} fits most people who are {ft}'{inch}\" to {ft2}'{inch}\".",
    "It's made of {material}, machine wash cold and tumble dry low.",
    "The {product} is {material} so it holds up really well.",
    "Yes, the {color} one is still in stock!",
    "Sorry, the {color} {product} is sold out right now, we restock every few weeks.",
    "It works with the {device}, no adapter needed.",
    "The battery lasts about {n1} hours on a full charge.",
    "Thank you so much for your order, we're packing it now!",
    "You can request a return from the order page in the app and we'll approve it right away.",
    "If anything arrives damaged, send us a photo here in the chat and we'll make it right.",
    "We're closed on {weekday} but will reply first thing {weekday2}.",
    "Glad you love it! Thanks for shopping with us.",
    "Gift wrapping is free, just leave a note at checkout.",
    "The {product} comes in {color}, {color2} and {color3}.",
    "Yes, we can combine both items in one package.",
    "Hand wash only please, the print lasts longer that way.",
    "No worries at all, these things happen!",
    "I just checked, your package is out for delivery today {emoji}",
    "We use recyclable packaging for every order.",
    "The {product} measures {n1} x {n2} x {n3} inches.",
    "Sorry for the delay, the carrier had a backlog over the holiday weekend.",
    "The discount shows up automatically in your cart at checkout.",
    "It's unscented and safe for sensitive skin.",
    "We restock the {product} around {date}, you can follow the shop to get notified.",
    "Absolutely, the {product} is dishwasher safe on the top rack.",
]

BENIGN_HARD = [
    "Your tracking number is {tracking}, it updates once {carrier} scans it.",
    "I see order {order} in our system, it's being prepared now.",
    "Order #{order} shipped on {date}, tracking {tracking}.",
    "The model number is {model}, it's compatible with the {year1}-{year2} versions.",
    "The {product} is ${price} and the bundle of two is ${price2} on the listing.",
    "Delivery estimate is {date} - {date2}.",
    "The replacement for order {order} went out today with {carrier}: {tracking}",
    "SKU {model}, size {size}, color {color}.",
    "It's {n1}.{n2} oz and {n3} cm tall.",
    "You can see it on our TikTok Shop page, the {product} is in the first row.",
    "Returns go through the app: open order {order}, tap Return/Refund and pick a reason.",
    "Dimensions: {n1} x {n2} x {n3} in, weight {n1}.{n3} lb.",
    "The warranty is {n1} months from the delivery date, just message us here.",
    "Your refund of ${price} was approved on {date}, it takes 3-5 business days to show.",
    "Lot number {model} was made on {date}, good until {date2}.",
]

PLAIN = {
    "phone": [
        "Text me at {phone} and I'll sort it out faster.",
        "Call me on {phone}, it's easier than this chat.",
        "My number is {phone}, message me for the discount.",
        "For custom orders reach us at {phone} anytime.",
    ],
    "email": [
        "Email me at {email} with the photos please.",
        "Send your order details to {email} and I'll refund you directly.",
        "Contact us at {email} for wholesale pricing.",
    ],
    "link": [
        "Check our website {url} for cheaper prices!",
        "Order directly at {domain} and save 20%.",
        "All our new arrivals are here: {url}",
        "Use this link to get the coupon: https://{shortener}/{slug}",
    ],
    "messaging": [
        "Add me on WhatsApp {phone} for faster replies.",
        "DM us on IG @{handle} for restock alerts.",
        "Follow my Instagram @{handle}, we do giveaways there.",
        "Message me on Telegram @{handle} and I'll give you a better deal.",
        "Add my WeChat {handle} for bulk orders.",
        "Snap me at {handle}, I'll send more pics there.",
    ],
    "payment": [
        "Send ${n} to my Venmo @{handle} for express shipping.",
        "Cash App me ${cashtag} ${n} and I'll ship today.",
        "Pay the difference by Zelle to {email}, it's ${n}.",
        "PayPal me ${n} at {email} and I'll upgrade your shipping.",
    ],
    "fee": [
        "There's a {pct}% restocking fee, please pay it before I approve the return.",
        "Returns cost an extra ${n} handling fee, send it first and then ship it back.",
        "You'll need to pay a ${n} rush fee outside the order to get it this week.",
    ],
    "review": [
        "Leave us a 5-star review and I'll refund ${n} to you.",
        "If you change your review to 5 stars I'll send you a free gift.",
        "Post a good review with photos and we'll send you a ${n} gift card!",
        "Please remove the 1-star review and I'll refund the full order.",
    ],
    "personal": [
        "Please send me your full address and phone number so I can ship it myself.",
        "What's your date of birth and SSN? We need it for the warranty.",
        "Send a photo of your driver's license to verify the order.",
        "Give me your card number and I'll process the refund manually.",
    ],
    "promo": [
        "🔥 FLASH SALE 🔥 everything {pct}% off today only, follow our store for more! 🔥🔥",
        "BUY NOW!!! Limited stock!!! Best deal of the year!!! Don't miss it!!!",
        "New drop!! {pct}% off all {product}s + free gift, tell all your friends!! 🎉🎉🎉",
    ],
}

OBFUSCATED: dict[str, Callable[["_Gen"], str]] = {}


def _obf(name: str) -> Callable[[Callable[["_Gen"], str]], Callable[["_Gen"], str]]:
    def deco(fn: Callable[["_Gen"], str]) -> Callable[["_Gen"], str]:
        OBFUSCATED[name] = fn
        return fn

    return deco


DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
KEYCAP = [f"{d}\ufe0f\u20e3" for d in "0123456789"]
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
HOMO = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
        "i": "\u0456", "y": "\u0443", "s": "\u0455", "h": "\u04bb"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


@dataclass
class _Gen:
    rng: random.Random
    hard_share: float = 0.2

    # values ---------------------------------------------------------------
    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def phone_digits(self) -> str:
        # 555-01xx: the range reserved for fictional use
        return self.rng.choice(AREA) + "555" + "01" + self.digits(2)

    def phone(self) -> str:
        d = self.phone_digits()
        fmt = self.rng.choice(["{a} {b} {c}", "({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}",
                               "{a}{b}{c}", "1-{a}-{b}-{c}"])
        return fmt.format(a=d[:3], b=d[3:6], c=d[6:])

    def handle(self) -> str:
        r = self.rng
        h = r.choice(HANDLE_WORDS) + r.choice(["", "_", ".", ""]) + r.choice(HANDLE_WORDS)
        return h + (self.digits(r.randint(1, 3)) if r.random() < 0.5 else "")

    def email(self) -> str:
        r = self.rng
        local = self.handle().replace(".", r.choice(["", "."]))
        dom = r.choice(MAIL_DOMAINS) if r.random() < 0.7 else f"{r.choice(HANDLE_WORDS)}{r.choice(HANDLE_WORDS)}.{r.choice(TLDS)}"
        return f"{local}@{dom}"

    def domain(self) -> str:
        r = self.rng
        return f"{r.choice(HANDLE_WORDS)}{r.choice(HANDLE_WORDS)}.{r.choice(TLDS)}"

    def url(self) -> str:
        r = self.rng
        base = self.domain()
        return r.choice(["https://", "http://", "www.", ""]) + base + r.choice(["", "/sale", "/shop?ref=tt", "/new"])

    def tracking(self) -> str:
        r = self.rng
        kind = r.randrange(4)
        if kind == 0:  # UPS style
            return "1Z" + "".join(r.choice("ABCDEFGHJKLMNPRTUVWXY0123456789") for _ in range(6)) + self.digits(10)
        if kind == 1:  # USPS 22 digits, grouped
            d = "9400" + self.digits(18)
            return " ".join(d[i:i + 4] for i in range(0, 22, 4))
        if kind == 2:  # FedEx 12 digits
            return self.digits(12)
        return "TBA" + self.digits(12)

    def order(self) -> str:
        return self.rng.choice(["576", "577", "578", "579"]) + self.digits(15)

    def model(self) -> str:
        r = self.rng
        return f"{r.choice('ABCDEFGHKMPRSTWX')}{r.choice('ABCDEFGHKMPRSTWX')}-{self.digits(4)}-{self.digits(r.choice([2, 4]))}"

    def date(self) -> str:
        r = self.rng
        return r.choice([f"{r.choice(MONTHS)} {r.randint(1, 28)}", f"{r.randint(1, 12)}/{r.randint(1, 28)}",
                         f"{r.choice(WEEKDAYS)}, {r.choice(MONTHS)} {r.randint(1, 28)}"])

    def fill(self, template: str) -> str:
        r = self.rng
        c = r.sample(COLORS, 3)
        n2 = r.randint(2, 9)
        w = r.sample(WEEKDAYS, 2)
        vals = {
            "name": r.choice(NAMES), "emoji": r.choice(EMOJI), "carrier": r.choice(CARRIERS),
            "city": r.choice(CITIES), "product": r.choice(PRODUCTS), "color": c[0], "color2": c[1],
            "color3": c[2], "material": r.choice(MATERIALS), "size": r.choice(SIZES),
            "device": r.choice(DEVICES), "weekday": w[0], "weekday2": w[1],
            "n": str(r.choice([5, 8, 10, 12, 15, 20, 25, 30, 40, 50])), "n1": str(r.randint(1, 12)),
            "n2": str(n2), "n3": str(n2 + r.randint(1, 7)), "pct": str(r.choice([10, 15, 20, 25, 30, 50, 70])),
            "ft": "5", "inch": str(r.randint(0, 5)), "ft2": r.choice(["5", "6"]), "year1": str(r.randint(2015, 2020)),
            "year2": str(r.randint(2021, 2025)), "price": f"{r.randint(5, 89)}.{r.choice(['99', '49', '00', '95'])}",
            "price2": f"{r.randint(20, 150)}.{r.choice(['99', '00'])}",
        }
        lazy = {
            "date": self.date, "date2": self.date, "tracking": self.tracking, "order": self.order,
            "model": self.model, "phone": self.phone, "email": self.email, "url": self.url,
            "domain": self.domain, "handle": self.handle, "cashtag": self.handle,
            "shortener": lambda: r.choice(SHORTENERS), "slug": lambda: "".join(r.choice("abcdefgHJK23456") for _ in range(6)),
        }
        for key, fn in lazy.items():
            if "{" + key + "}" in template:
                vals[key] = fn()
        return template.format(**vals)


# -- obfuscated violations --------------------------------------------------------

@_obf("spelled_digits")
def _spelled(g: _Gen) -> str:
    d = g.phone_digits()
    sep = g.rng.choice([" ", "-", " ", ", "])
    words = sep.join(DIGIT_WORDS[int(c)] for c in d)
    return g.rng.choice(["text me {} for the deal", "my cell is {}", "call {} after 5pm"]).format(words)


@_obf("homoglyphs")
def _homoglyph(g: _Gen) -> str:
    app = g.rng.choice(["whatsapp", "instagram", "telegram", "venmo", "gmail"])
    fake = "".join(HOMO.get(ch, ch) if g.rng.random() < 0.6 else ch for ch in app)
    if app == "gmail":
        return f"email me: {g.handle()}@{fake}.com"
    return f"add me on {fake} {g.phone() if app == 'whatsapp' else '@' + g.handle()}"


@_obf("zero_width")
def _zero_width(g: _Gen) -> str:
    target = g.rng.choice([g.phone(), g.email(), "whatsapp " + g.phone()])
    hidden = "".join(ch + (g.rng.choice(ZW) if g.rng.random() < 0.5 else "") for ch in target)
    return f"reach me here {hidden} for a better price"


@_obf("spaced_letters")
def _spaced(g: _Gen) -> str:
    app = g.rng.choice(["whatsapp", "instagram", "telegram", "venmo", "cashapp"])
    return f"find me on {' '.join(app)} @{g.handle()}"


@_obf("leetspeak")
def _leet(g: _Gen) -> str:
    app = g.rng.choice(["whatsapp", "instagram", "telegram", "venmo", "snapchat"])
    leet = "".join(LEET.get(ch, ch) if g.rng.random() < 0.7 else ch for ch in app)
    return f"hmu on {leet} {g.handle()} we have more colors there"


@_obf("dot_com")
def _dot_com(g: _Gen) -> str:
    r = g.rng
    if r.random() < 0.5:
        return f"our site is {r.choice(HANDLE_WORDS)}{r.choice(HANDLE_WORDS)} dot com, cheaper there"
    at, dot = r.choice([(" at ", " dot "), (" (at) ", " (dot) "), ("[at]", "[dot]")])
    return f"email {g.handle().replace('.', '')}{at}gmail{dot}com for the refund"


@_obf("emoji_digits")
def _emoji_digits(g: _Gen) -> str:
    d = g.phone_digits()
    return f"call me {''.join(KEYCAP[int(c)] for c in d)} 📞"


@_obf("fullwidth")
def _fullwidth_obf(g: _Gen) -> str:
    if g.rng.random() < 0.5:
        return f"text {_fullwidth(g.phone())} for the discount"
    return f"add me {_fullwidth('whatsapp')} {g.phone()}"


# -- messages ---------------------------------------------------------------------

CUSTOMER_TURNS = ["Is this still available?", "When will my order arrive?", "Does it come in blue?",
                  "Hi, my package says delivered but I don't see it", "What size should I get? I'm usually a M",
                  "Can I return it if it doesn't fit?", "Is this real leather?", "The zipper broke after a week :(",
                  "Do you ship to Alaska?", "Can you do a discount if I buy 3?"]


@dataclass
class Message:
    text: str
    kind: str  # benign | benign_hard | plain | obfuscated
    family: str  # template family, e.g. "phone" or "spelled_digits"
    history: list[dict[str, str]] | None = field(default=None)


def _length_target(rng: random.Random) -> int:
    return max(20, min(300, int(rng.lognormvariate(math.log(80), 0.6))))


def _compose(g: _Gen, core: str, target: int) -> str:
    """Wrap ``core`` in ordinary greeting/closing/small talk until it is about ``target`` long."""
    r = g.rng
    parts = [core]
    if r.random() < 0.45:
        greet = g.fill(r.choice(GREETINGS))
        if len(greet) + 1 + len(core) <= 300:
            parts.insert(0, greet)
    tries = 0
    while sum(len(p) + 1 for p in parts) - 1 < target and tries < 6:
        tries += 1
        extra = g.fill(r.choice(BENIGN if r.random() < 0.7 else CLOSINGS))
        if sum(len(p) + 1 for p in parts) + len(extra) > 300:
            continue
        if r.random() < 0.5:
            parts.append(extra)
        else:
            parts.insert(len(parts) - 1 if len(parts) > 1 and r.random() < 0.3 else len(parts), extra)
    text = " ".join(parts)
    while len(text) < 20:
        text += " " + g.fill(r.choice(CLOSINGS))
    if len(text) > 300:  # core alone was long; keep it as is but never over 300
        text = core[:300]
    return text


def generate_mix(n: int, seed: int = 7, history_share: float = 0.25) -> list[Message]:
    """``n`` seller messages: 85 % allowed, 10 % plain violations, 5 % obfuscated."""
    rng = random.Random(seed)
    g = _Gen(rng)
    n_plain = round(n * 0.10)
    n_obf = round(n * 0.05)
    kinds = ["plain"] * n_plain + ["obfuscated"] * n_obf + ["benign"] * (n - n_plain - n_obf)
    rng.shuffle(kinds)
    plain_families = list(PLAIN)
    obf_families = list(OBFUSCATED)
    out: list[Message] = []
    for kind in kinds:
        if kind == "benign":
            if rng.random() < g.hard_share:
                kind, family, core = "benign_hard", "hard", g.fill(rng.choice(BENIGN_HARD))
            else:
                family, core = "ordinary", g.fill(rng.choice(BENIGN))
        elif kind == "plain":
            family = rng.choice(plain_families)
            core = g.fill(rng.choice(PLAIN[family]))
        else:
            family = rng.choice(obf_families)
            core = OBFUSCATED[family](g)
        text = _compose(g, core, _length_target(rng))
        history = None
        if rng.random() < history_share:
            history = []
            for j in range(rng.randint(1, 3)):
                if j % 2 == 0:
                    history.append({"role": "customer", "text": rng.choice(CUSTOMER_TURNS)})
                else:
                    history.append({"role": "seller", "text": g.fill(rng.choice(BENIGN))})
            history.reverse()  # oldest first; the last turn is the customer's
        out.append(Message(text, kind, family, history))
    return out


def mix_digest(msgs: list[Message]) -> str:
    h = hashlib.sha256()
    for m in msgs:
        h.update(json.dumps([m.text, m.history], ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


# -- long texts for the length-scaling table -------------------------------------------

SCALING_FLAVOURS = ["normal", "digits", "dots", "at_signs", "emoji", "zero_width", "app_names",
                    "a_a_a", "1-1-1", "hostile_mix"]
"""``normal`` is ordinary chat; every other flavour is hostile."""


def _tok_digits(r: random.Random) -> str:
    return "".join(r.choice("0123456789") for _ in range(r.randint(1, 12))) + r.choice([" ", "-", ".", "", "(", ")", "/", "+", " "])


def _tok_dots(r: random.Random) -> str:
    return r.choice(["a.", "...", "shop.", ".com", "x.y.z.", "www.", ".", "b.c", "dot ", "1.2."])


def _tok_at(r: random.Random) -> str:
    return r.choice(["a@", "@a", "@@", "x@y", "@shop ", "a@b.", "@", "me@", "@ "])


_EMOJI_POOL = EMOJI + KEYCAP + ["👨\u200d👩\u200d👧", "👍🏽", "🇺🇸", "☎️", "📱", "💯", "0️⃣", "🔢"]


def _tok_emoji(r: random.Random) -> str:
    return r.choice(_EMOJI_POOL) + (" " if r.random() < 0.2 else "")


_APP_WORDS = ["whatsapp", "instagram", "telegram", "venmo", "cash app", "paypal", "zelle", "wechat",
              "snapchat", "signal", "ig", "dm", "text", "call"]


def _tok_app(r: random.Random) -> str:
    return r.choice(_APP_WORDS) + " "


def scaling_text(flavour: str, n_chars: int, seed: int = 7) -> str:
    """A message of exactly ``n_chars`` characters of the given flavour."""
    r = random.Random(f"{seed}:{flavour}")
    parts: list[str] = []
    total = 0

    def add(s: str) -> None:
        nonlocal total
        parts.append(s)
        total += len(s)

    if flavour == "normal":
        g = _Gen(r)
        while total < n_chars:
            add(g.fill(r.choice(BENIGN + BENIGN_HARD + CLOSINGS)) + r.choice([" ", " ", "\n"]))
    elif flavour == "a_a_a":
        return ("a " * (n_chars // 2 + 1))[:n_chars]
    elif flavour == "1-1-1":
        return ("1-" * (n_chars // 2 + 1))[:n_chars]
    elif flavour == "zero_width":
        g = _Gen(r)
        while total < n_chars:
            s = g.fill(r.choice(BENIGN + PLAIN["phone"] + PLAIN["messaging"]))
            add("".join(ch + r.choice(ZW) for ch in s) + " ")
    else:
        toks: dict[str, Callable[[random.Random], str]] = {
            "digits": _tok_digits, "dots": _tok_dots, "at_signs": _tok_at, "emoji": _tok_emoji,
            "app_names": _tok_app,
        }
        if flavour == "hostile_mix":
            pool = [_tok_digits, _tok_dots, _tok_at, _tok_emoji, _tok_app,
                    lambda rr: "a a a a ", lambda rr: "1-1-1-1 ", lambda rr: rr.choice(ZW)]
            while total < n_chars:
                add(r.choice(pool)(r))
        else:
            fn = toks[flavour]
            while total < n_chars:
                add(fn(r))
    return "".join(parts)[:n_chars]
