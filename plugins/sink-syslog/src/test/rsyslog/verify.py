#!/usr/bin/env python3
"""Reads what rsyslog wrote (one JSON object per message) and checks the 200 records of RsyslogCheck arrived whole."""
import json, re, sys

path, fmt = sys.argv[1], sys.argv[2]
msgs = [json.loads(l) for l in open(path, encoding='utf-8')]
problems = []
seqs = []
refs = 0
for m in msgs:
    sd = m.get('structured_data', '')
    seq = re.search(r'seq="(\d+)"', sd)
    if not seq or m.get('msgid') != 'access' or m.get('protocol_version') != '1':
        problems.append('not parsed as RFC 5424 with our SD: ' + json.dumps(m)[:200]); continue
    seqs.append(int(seq.group(1)))
    msg = m['msg']
    bom = msg.startswith('\ufeff')
    body = msg[1:] if bom else msg
    if 'size="' in sd:
        refs += 1
        if fmt == 'json' and json.loads(body).get('seq') != int(seq.group(1)):
            problems.append('reference frame without its seq')
        continue
    if fmt == 'json':
        try:
            rec = json.loads(body)
        except ValueError as e:
            problems.append('seq %s: MSG is not the record JSON (%s)' % (seq.group(1), e)); continue
        if rec['seq'] != int(seq.group(1)):
            problems.append('seq mismatch')
        if rec['seq'] != 100 and 'Grüße ☃' not in rec['payload']['note']:
            problems.append('non-ASCII text damaged in seq %d' % rec['seq'])
    else:
        if not body.startswith('CEF:0|Custody|Custody|1|access|export\\|all=rows|'):
            problems.append('CEF header damaged: ' + body[:80])
        if 'suser=jürgen' not in body:
            problems.append('CEF extension damaged: ' + body[:200])
    sev = int(m['pri']) % 8
    want = 4 if int(seq.group(1)) % 10 == 0 else 6
    if sev != want:
        problems.append('severity %d for seq %s, expected %d' % (sev, seq.group(1), want))
print('messages: %d, distinct seqs: %d, reference frames: %d, BOM kept in msg: %s'
      % (len(msgs), len(set(seqs)), refs, all(m['msg'].startswith('\ufeff') for m in msgs)))
if sorted(seqs) != list(range(1, 201)) or problems:
    print('FAILED:', problems[:5], 'seqs missing:', sorted(set(range(1, 201)) - set(seqs))[:10])
    sys.exit(1)
print('OK: 200 of 200 records parsed as RFC 5424')
