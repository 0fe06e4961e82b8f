"""An HTTP/2 client (hyper-h2, prior knowledge) that uploads a body the server may refuse early, then asks for a
second resource on the same connection. argv: host port path authorization body_file second_path [content_type]:
without content_type the file is sent as the "upload" part of a multipart form, with it as the raw body (POST).
Prints one JSON line: {"answers": [{"stream", "status", "headers", "body", "reset"}...], "goaway": bool}."""
import json, socket, sys
import h2.config, h2.connection, h2.events

host, port, path, authorization, body_file, second_path = sys.argv[1:7]
raw_type = sys.argv[7] if len(sys.argv) > 7 else None
body = open(body_file, "rb").read()
sock = socket.create_connection((host, int(port)), timeout=20)
conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
conn.initiate_connection()
sock.sendall(conn.data_to_send())

answers = {}
goaway = False

def pump():
    global goaway
    data = sock.recv(65536)
    if not data:
        raise SystemExit("connection closed by the server")
    for event in conn.receive_data(data):
        if isinstance(event, h2.events.ResponseReceived):
            answers[event.stream_id].update(status=int(dict(event.headers)[":status"]),
                                            headers=dict(event.headers))
        elif isinstance(event, h2.events.DataReceived):
            answers[event.stream_id]["body"] += event.data.decode()
            conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, h2.events.StreamEnded):
            answers[event.stream_id]["ended"] = True
        elif isinstance(event, h2.events.StreamReset):
            answers[event.stream_id]["reset"] = int(event.error_code)
        elif isinstance(event, h2.events.ConnectionTerminated):
            goaway = True
    sock.sendall(conn.data_to_send())

def request(method, target, headers, payload):
    stream = conn.get_next_available_stream_id()
    answers[stream] = {"stream": stream, "status": None, "headers": {}, "body": "", "reset": None, "ended": False}
    conn.send_headers(stream, [(":method", method), (":path", target), (":scheme", "http"),
                               (":authority", host + ":" + port)] + headers, end_stream=payload is None)
    sock.sendall(conn.data_to_send())
    sent = 0
    while payload is not None and sent < len(payload) and answers[stream]["reset"] is None \
            and not answers[stream]["ended"]:
        window = min(conn.local_flow_control_window(stream), conn.max_outbound_frame_size)
        if window <= 0:
            pump()
            continue
        chunk = payload[sent:sent + window]
        sent += len(chunk)
        conn.send_data(stream, chunk, end_stream=sent == len(payload))
        sock.sendall(conn.data_to_send())
    while not answers[stream]["ended"] and answers[stream]["reset"] is None:
        pump()
    return stream

if raw_type:
    method, payload, content_type = "POST", body, raw_type
else:
    boundary = "signet-h2-boundary"
    method, content_type = "PUT", "multipart/form-data; boundary=" + boundary
    payload = (("--%s\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.xpi\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % boundary).encode() + body
               + ("\r\n--%s--\r\n" % boundary).encode())
headers = [("content-type", content_type), ("content-length", str(len(payload)))]
if authorization:
    headers.append(("authorization", authorization))
first = request(method, path, headers, payload)
# The refused stream is done; a late RST_STREAM(NO_ERROR) for it may still be on its way.
second = request("GET", second_path, [], None)
print(json.dumps({"answers": [answers[first], answers[second]], "goaway": goaway}))
