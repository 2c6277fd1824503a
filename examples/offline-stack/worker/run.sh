#!/bin/sh
# Marks itself alive, then does its periodic work until stopped.
touch /tmp/worker-alive
trap 'exit 0' TERM INT
while true; do
    sleep 1 &
    wait $!
done
