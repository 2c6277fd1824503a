# Local base image: the stand-in for node:20, the full image the naive builds start from, from Debian's packages.
ARG DEBIAN_IMAGE=debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm build-essential python3 git \
    && rm -rf /var/lib/apt/lists/*
