"""A storage element written the way artStore's is (Python, Starlette/FastAPI's stack, python-multipart),
independently of this project's Java reference element: for checking the ingester against an
implementation it was not written with. Streams each upload to disk while computing SHA-256.

    python storage_element.py --port 8010 --dir /tmp/element

API, as the real element's at BigKAA/artStore 68241ca: POST /api/v1/files/upload (multipart: file,
file_id, description, retention_policy) -> 201 {file_id, original_filename, file_size, checksum,
message}, stored under the client's file_id (500 "File with ID ... already exists" for one it holds);
GET /api/v1/files/{file_id} -> 200 {file_id, file_size, checksum, ...} or 404 "File <id> not found";
DELETE /api/v1/files/{file_id} -> 204 or 404; DELETE /api/v1/gc/{file_id} -> 200 deleted or
already_deleted; GET /health/live -> 200. Metadata is kept in memory. Any bearer token is accepted.
"""
import argparse
import hashlib
import os
import uuid

import uvicorn
from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

STORE = "."
FILES = {}


class Upload:
    """Callbacks of python-multipart's streaming parser: the part named 'file' goes to disk."""

    def __init__(self):
        self.file_id = None
        self.path = os.path.join(STORE, "." + str(uuid.uuid4()) + ".part")
        self.in_file_id = False
        self.out = None
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.filename = None
        self.header_field = b""
        self.header_value = b""
        self.in_file = False
        self.saw_end = False

    def on_part_begin(self):
        self.in_file = False
        self.in_file_id = False

    def on_header_field(self, data, start, end):
        self.header_field += data[start:end]

    def on_header_value(self, data, start, end):
        self.header_value += data[start:end]

    def on_header_end(self):
        if self.header_field.lower() == b"content-disposition":
            _, options = parse_options_header(self.header_value)
            if options.get(b"name") == b"file_id" and b"filename" not in options:
                self.in_file_id = True
                self.file_id = ""
            if options.get(b"name") == b"file" and b"filename" in options:
                self.in_file = True
                self.filename = options[b"filename"].decode("utf-8", "replace")
                self.out = open(self.path, "wb")
        self.header_field = b""
        self.header_value = b""

    def on_part_data(self, data, start, end):
        if self.in_file_id:
            self.file_id += data[start:end].decode("ascii", "replace")
        if self.in_file:
            chunk = data[start:end]
            self.out.write(chunk)
            self.sha256.update(chunk)
            self.size += len(chunk)

    def on_part_end(self):
        if self.in_file and self.out:
            self.out.close()
        self.in_file = False

    def on_end(self):
        self.saw_end = True

    def callbacks(self):
        return {name: getattr(self, name) for name in (
            "on_part_begin", "on_header_field", "on_header_value", "on_header_end",
            "on_part_data", "on_part_end", "on_end")}


async def upload(request: Request):
    if not request.headers.get("authorization", "").startswith("Bearer "):
        return JSONResponse({"detail": "Not authenticated"}, 401, headers={"WWW-Authenticate": "Bearer"})
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        return JSONResponse({"detail": "no boundary"}, 400)
    state = Upload()
    parser = MultipartParser(boundary, state.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except Exception as ex:  # a broken body: nothing is kept
        if state.out:
            state.out.close()
        if os.path.exists(state.path):
            os.remove(state.path)
        return JSONResponse({"detail": f"malformed body: {ex}"}, 400)
    if state.filename is None:
        return JSONResponse({"detail": "no file part"}, 400)
    try:
        file_id = str(uuid.UUID(state.file_id)) if state.file_id else str(uuid.uuid4())
    except ValueError:
        os.remove(state.path)
        return JSONResponse({"detail": f"Invalid file_id format: {state.file_id}"}, 400)
    if file_id in FILES:
        os.remove(state.path)
        return JSONResponse({"detail": f"File with ID {file_id} already exists"}, 500)
    os.replace(state.path, os.path.join(STORE, file_id))
    FILES[file_id] = {"file_id": file_id, "original_filename": state.filename, "file_size": state.size,
                      "checksum": state.sha256.hexdigest()}
    return JSONResponse({**FILES[file_id], "message": "File uploaded successfully"}, 201)


async def delete(request: Request):
    file_id = str(uuid.UUID(request.path_params["file_id"]))
    if FILES.pop(file_id, None) is None:
        return JSONResponse({"detail": f"File not found: {file_id}"}, 404)
    os.remove(os.path.join(STORE, file_id))
    return Response(status_code=204)


async def gc(request: Request):
    file_id = str(uuid.UUID(request.path_params["file_id"]))
    status = "deleted" if FILES.pop(file_id, None) is not None else "already_deleted"
    if status == "deleted":
        os.remove(os.path.join(STORE, file_id))
    return JSONResponse({"status": status, "file_id": file_id, "reason": "gc_cleanup"})


async def describe(request: Request):
    file_id = str(uuid.UUID(request.path_params["file_id"]))
    if file_id not in FILES:
        return JSONResponse({"detail": f"File {file_id} not found"}, 404)
    return JSONResponse(FILES[file_id])


async def live(request: Request):
    return JSONResponse({"status": "ok", "checks": {"process": "running"}})


app = Starlette(routes=[
    Route("/api/v1/files/upload", upload, methods=["POST"]),
    Route("/api/v1/files/{file_id}", describe, methods=["GET"]),
    Route("/api/v1/files/{file_id}", delete, methods=["DELETE"]),
    Route("/api/v1/gc/{file_id}", gc, methods=["DELETE"]),
    Route("/health/live", live, methods=["GET"]),
])

if __name__ == "__main__":
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--port", type=int, default=8010)
    arguments.add_argument("--dir", default="element-files")
    options = arguments.parse_args()
    STORE = options.dir
    os.makedirs(STORE, exist_ok=True)
    uvicorn.run(app, host="127.0.0.1", port=options.port, log_level="warning")
