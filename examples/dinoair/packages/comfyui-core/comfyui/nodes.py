"""The node types a workflow can use. Each takes its inputs and returns its output."""

import hashlib
import random


def empty_latent(width=64, height=64, batch_size=1):
    return {"width": int(width), "height": int(height), "batch": int(batch_size), "values": [0.0] * (int(width) * int(height) // 64)}


def sampler(latent, seed=0, steps=4, cfg=7.0):
    generator = random.Random(int(seed))
    values = list(latent["values"])
    for _ in range(int(steps)):
        values = [value * 0.5 + generator.uniform(-1, 1) * float(cfg) / 10 for value in values]
    return dict(latent, values=values)


def decode(latent):
    digest = hashlib.sha256(repr(latent["values"]).encode()).hexdigest()
    return {"width": latent["width"] * 8, "height": latent["height"] * 8, "digest": digest}


NODES = {"EmptyLatentImage": empty_latent, "KSampler": sampler, "VAEDecode": decode}
