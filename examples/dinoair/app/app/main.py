"""The assistant: POST /chat answers a message, GET /models lists the image pipeline's node types,
GET /health answers while the server is up."""

import json
import os
from urllib.request import urlopen

from dinoair_serve import Service

service = Service("app")
COMFYUI_URL = os.environ.get("COMFYUI_URL", "http://comfyui:8188")


def reply(message):
    words = message.split()
    if not words:
        return "Say something and I will answer."
    if message.rstrip().endswith("?"):
        return f"You asked about {words[-1].rstrip('?')}; the image pipeline can draw it."
    return f"Noted: {len(words)} word{'s' if len(words) != 1 else ''}."


@service.route("GET", "/health")
def health(_):
    return 200, {"status": "ok"}


@service.route("POST", "/chat")
def chat(body):
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return 400, {"error": 'post {"message": "..."}'}
    return 200, {"reply": reply(body["message"])}


@service.route("GET", "/models")
def models(_):
    with urlopen(f"{COMFYUI_URL}/object_info", timeout=3) as answer:
        return 200, {"nodes": sorted(json.load(answer))}


def main():
    service.serve(os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8000")))


if __name__ == "__main__":
    main()
