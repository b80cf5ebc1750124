#!/usr/bin/env python3
"""Earn load for infra/crash/sigkill.sh: WORKERS threads post earns with idempotency keys until the platform stops
answering, and record every acknowledged one (201) as "key member points" in ACKS, flushed line by line, so that the
file holds exactly what the platform confirmed before it was killed.

    earn_load.py BASE_URL TOKEN MEMBERS_FILE ACKS_FILE RUN [WORKERS]
"""
import http.client
import json
import random
import sys
import threading
import urllib.parse

base, token, members_file, acks_file, run = sys.argv[1:6]
workers = int(sys.argv[6]) if len(sys.argv) > 6 else 8
members = [line.split()[0] for line in open(members_file) if line.strip()]
url = urllib.parse.urlparse(base)
lock = threading.Lock()
acks = open(acks_file, "a", buffering=1)
counts = {"acknowledged": 0, "refused": 0, "unanswered": 0}


def work(worker):
    rng = random.Random(f"{run}-{worker}")
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    sequence = 0
    while True:
        sequence += 1
        key = f"crash-{run}-{worker}-{sequence}"
        member = rng.choice(members)
        points = rng.randint(1, 100)
        try:
            connection.request("POST", f"/api/v1/members/{member}/points/earn",
                               body=json.dumps({"points": points, "source": "crash-test"}),
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                        "Idempotency-Key": key})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            # The platform is gone (killed): this request's outcome is unknown, and the worker stops.
            with lock:
                counts["unanswered"] += 1
            return
        with lock:
            if response.status == 201:
                acks.write(f"{key} {member} {points}\n")
                counts["acknowledged"] += 1
            else:
                counts["refused"] += 1


threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
acks.close()
print(json.dumps(counts))
