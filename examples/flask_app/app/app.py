"""A small inference API: two versions of a sentiment endpoint, both timed."""
from flask import Flask, jsonify, request

from model import predict
from utils.decorators import timeit

app = Flask(__name__)


@app.route("/v1/predict/", methods=["POST"])
@timeit
def predict_v1():
    text = request.get_json()["text"]
    return jsonify({"version": 1, "positive": predict(text) >= 0.5})


@app.route("/v2/predict/", methods=["POST"])
@timeit
def predict_v2():
    text = request.get_json()["text"]
    probability = predict(text)
    return jsonify(
        {"version": 2, "positive": probability >= 0.5, "probability": round(probability, 4)}
    )
