"""A tiny sentiment "model": a word-weight table and a logistic squash, pure Python."""
import math

WEIGHTS = {
    "good": 1.6,
    "great": 2.2,
    "love": 2.0,
    "fast": 0.8,
    "bad": -1.7,
    "slow": -0.9,
    "hate": -2.1,
    "broken": -1.9,
}
BIAS = 0.1


def predict(text):
    """Probability that ``text`` is positive, from the words it contains."""
    words = text.lower().split()
    score = BIAS + sum(WEIGHTS.get(word.strip(".,!?"), 0.0) for word in words)
    return 1 / (1 + math.exp(-score))
