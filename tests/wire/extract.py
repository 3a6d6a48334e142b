#!/usr/bin/env python3
"""Turns capture.sh's strace output into one line per datagram:
'<command> | send|recv | hex'. MSG_PEEK reads (libnl peeks before each
real read) are dropped."""
import re, sys

cmd, call, data = None, None, []
def flush():
    global call, data
    if call and data:
        print(f"{cmd} | {call} | {''.join(data)}")
    call, data = None, []

for line in sys.stdin:
    if line.startswith('### '):
        flush(); cmd = line[4:].strip(); continue
    m = re.match(r'^(?:\[pid +\d+\] )?(sendmsg|recvmsg)\(', line)
    if m:
        flush()
        call = None if 'MSG_PEEK' in line else ('send' if m.group(1) == 'sendmsg' else 'recv')
        continue
    m = re.match(r'^ \| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2})+)', line)
    if m and call:
        data.append(m.group(1).replace(' ', ''))
flush()
