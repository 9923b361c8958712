// The fixed Python files of a PyTorch project: a dependency-free safetensors reader/writer, the data loader and
// train.py (torchrun + DistributedDataParallel or FSDP). They read config.json and dataset.json, so nothing here
// depends on the model; model.py is generated per spec (model-py.ts).

/** safetensors_io.py: the format is 8 bytes of header length, a JSON header, then raw little-endian tensors. */
export const SAFETENSORS_IO_PY = `# Reads and writes .safetensors files with torch alone (no safetensors package needed).
# Layout: u64 little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw bytes.
import json
import struct

import torch

DTYPES = {'F32': torch.float32, 'F64': torch.float64, 'F16': torch.float16, 'BF16': torch.bfloat16,
          'I64': torch.int64, 'I32': torch.int32, 'U8': torch.uint8}
NAMES = {v: k for k, v in DTYPES.items()}


def read_safetensors(path):
    """name -> tensor of a .safetensors file (the __metadata__ entry is skipped; see read_metadata)."""
    with open(path, 'rb') as f:
        blob = f.read()
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] not in DTYPES:
            raise ValueError(f'{path}: tensor {name} has dtype {info["dtype"]}, which this reader does not know')
        start, end = info['data_offsets']
        raw = bytearray(blob[base + start:base + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info['dtype']]) if raw else torch.zeros(0, dtype=DTYPES[info['dtype']])
        out[name] = t.reshape(info['shape']).clone()
    return out


def read_metadata(path):
    with open(path, 'rb') as f:
        (n,) = struct.unpack('<Q', f.read(8))
        return json.loads(f.read(n)).get('__metadata__', {})


def write_safetensors(path, tensors, metadata=None):
    """Writes name -> tensor (moved to the CPU, made contiguous) with optional string metadata."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().to('cpu').contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.numel() else b''
        header[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
`;

/** data.py: reads the dataset as dataset.json describes it (raw little-endian arrays, one file per split and field). */
export const DATA_PY = `# Loads the exported dataset: data/dataset.json names, per split, a raw little-endian file for the inputs (x)
# and one for the targets (y), with dtype and per-sample shape. Pixels stored as bytes are scaled by x_scale.
import json
import os

import torch
from torch.utils.data import TensorDataset

DTYPES = {'f32': torch.float32, 'i32': torch.int32, 'u8': torch.uint8}


def _read(folder, info, count):
    with open(os.path.join(folder, info['file']), 'rb') as f:
        raw = bytearray(f.read())
    t = torch.frombuffer(raw, dtype=DTYPES[info['dtype']]) if raw else torch.zeros(0, dtype=DTYPES[info['dtype']])
    return t.reshape([count, *info['shape']]).clone()


def describe(folder='data'):
    with open(os.path.join(folder, 'dataset.json')) as f:
        return json.load(f)


def load_split(folder='data', split='train'):
    """A TensorDataset (x, y) of one split: x float32 (or int64 token ids), y int64 classes or float32 targets."""
    meta = describe(folder)
    if split not in meta['splits']:
        raise ValueError(f'{folder}/dataset.json has no split {split!r} (it has {", ".join(meta["splits"])})')
    s = meta['splits'][split]
    x = _read(folder, s['x'], s['count'])
    y = _read(folder, s['y'], s['count'])
    if s['x']['dtype'] == 'i32':
        x = x.long()
    else:
        x = x.float() * meta.get('x_scale', 1.0) if s['x']['dtype'] == 'u8' else x
    y = y.long() if s['y']['dtype'] == 'i32' else y
    return TensorDataset(x, y)
`;
