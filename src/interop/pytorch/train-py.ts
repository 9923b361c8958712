// train.py (torchrun + DistributedDataParallel, or FSDP with --fsdp) and the project's README. train.py takes the
// run's optimizer, schedule, weight decay, clipping, seed and global batch from config.json.
import type { ModelSpec } from '../../engine/nn/spec.ts';

export const TRAIN_PY = `# Trains model.py on data/ with the studio run's settings (config.json). One process:  python train.py
# Many:  torchrun --nproc_per_node=N train.py   (NCCL on GPUs, Gloo on CPUs; the global batch stays the same).
import argparse
import json
import math
import os

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler

from data import load_split
from model import build_model
from safetensors_io import write_safetensors


def learning_rate(schedule, base, step, total):
    """The studio's schedules: constant, step or cosine decay, each after an optional linear warm-up."""
    s = schedule or {'kind': 'constant'}
    warm = s.get('warmupSteps') or 0
    if step < warm:
        return base * (step + 1) / warm
    t = step - warm
    if s['kind'] == 'step':
        return base * s['gamma'] ** (t // max(1, s['every']))
    if s['kind'] == 'cosine':
        span = max(1, total - warm)
        low = s.get('minLr') or 0.0
        return low + 0.5 * (base - low) * (1 + math.cos(math.pi * min(t, span) / span))
    return base


def make_optimizer(o, params):
    kind, lr, wd = o['kind'], o['lr'], o.get('weightDecay')
    if kind == 'adam':
        return torch.optim.Adam(params, lr=lr, eps=1e-8, weight_decay=wd or 0.0)
    if kind == 'adamw':
        return torch.optim.AdamW(params, lr=lr, eps=1e-8, weight_decay=0.01 if wd is None else wd)
    momentum = 0.0 if kind == 'sgd' else (o.get('momentum') or 0.9)
    return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=kind == 'nesterov', weight_decay=wd or 0.0)


def loss_of(cfg, out, y):
    if cfg['loss'] == 'softmaxCrossEntropy':
        return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=cfg['ignoreIndex'],
                               label_smoothing=cfg['labelSmoothing'])
    if cfg['loss'] == 'bceWithLogits':
        return F.binary_cross_entropy_with_logits(out, y.reshape(out.shape))
    return F.mse_loss(out, y.reshape(out.shape))


@torch.no_grad()
def evaluate(cfg, model, dataset, device, batch=256):
    """Mean loss and (classification) accuracy over a split, on this process alone."""
    model.eval()
    total, right, counted, n = 0.0, 0, 0, 0
    for x, y in DataLoader(dataset, batch_size=batch):
        x, y = x.to(device), y.to(device)
        out = model(x)
        total += loss_of(cfg, out, y).item() * len(x)
        n += len(x)
        if cfg['loss'] == 'softmaxCrossEntropy':
            keep = y != cfg['ignoreIndex']
            right += (out.argmax(-1)[keep] == y[keep]).sum().item()
            counted += keep.sum().item()
    model.train()
    return {'loss': total / max(1, n), 'accuracy': right / counted if counted else None}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--config', default='config.json')
    p.add_argument('--data', default='data')
    p.add_argument('--weights', default='weights.safetensors', help="start from these weights ('' for fresh ones)")
    p.add_argument('--out', default='checkpoints')
    p.add_argument('--epochs', type=int, help="override the run's epochs")
    p.add_argument('--max-steps', type=int, help='stop after this many optimizer steps')
    p.add_argument('--batch-size', type=int, help='global batch (all processes together)')
    p.add_argument('--fsdp', action='store_true', help='shard parameters with FullyShardedDataParallel')
    p.add_argument('--cpu', action='store_true', help='train on the CPU even when a GPU is there')
    p.add_argument('--save-every-rank', action='store_true', help='each process saves its weights (to compare)')
    args = p.parse_args()
    with open(args.config) as f:
        cfg = json.load(f)

    distributed = 'WORLD_SIZE' in os.environ
    cuda = torch.cuda.is_available() and not args.cpu
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    local = int(os.environ.get('LOCAL_RANK', 0))
    device = torch.device(f'cuda:{local}' if cuda else 'cpu')
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(cfg['seed'])

    model = build_model(args.weights or None).to(device)
    if args.fsdp and distributed:
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
        model = FSDP(model, use_orig_params=True, device_id=device)
    elif distributed:
        model = DDP(model, device_ids=[local] if cuda else None)

    global_batch = args.batch_size or cfg['batchSize']
    if global_batch % world:
        raise SystemExit(f'The global batch {global_batch} does not split over {world} processes; pick a multiple.')
    train = load_split(args.data, 'train')
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=cfg['seed'])
    loader = DataLoader(train, batch_size=global_batch // world, sampler=sampler)
    params = [q for q in model.parameters() if q.requires_grad]
    opt = make_optimizer(cfg['optimizer'], params)
    epochs = args.epochs or cfg['epochs']
    total = epochs * len(loader)
    if args.max_steps:
        total = min(total, args.max_steps)
    step = 0
    while step < total:
        sampler.set_epoch(step // len(loader))
        for x, y in loader:
            if step >= total:
                break
            x, y = x.to(device), y.to(device)
            for g in opt.param_groups:
                g['lr'] = learning_rate(cfg['schedule'], cfg['optimizer']['lr'], step, total)
            loss = loss_of(cfg, model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if cfg['clipNorm']:
                clip = model.clip_grad_norm_ if args.fsdp and distributed else None
                clip(cfg['clipNorm']) if clip else torch.nn.utils.clip_grad_norm_(params, cfg['clipNorm'])
            opt.step()
            shown = loss.detach().clone()
            if distributed:
                dist.all_reduce(shown)
                shown /= world
            if rank == 0:
                print(json.dumps({'step': step, 'epoch': step // len(loader), 'loss': shown.item()}), flush=True)
            step += 1

    if args.fsdp and distributed:
        from torch.distributed.fsdp import FullStateDictConfig, StateDictType
        with FSDP.state_dict_type(model, StateDictType.FULL_STATE_DICT, FullStateDictConfig(rank0_only=True)):
            state = model.state_dict()
    else:
        state = (model.module if distributed else model).state_dict()
    os.makedirs(args.out, exist_ok=True)
    # The spec travels with every checkpoint, so the studio can open it as a run (names and layouts mapped back).
    meta = {'format': 'pt', 'studio.model_spec': json.dumps(cfg['spec']), 'step': str(step), 'world_size': str(world)}
    if rank == 0:
        path = os.path.join(args.out, f'checkpoint-step{step}.safetensors')
        write_safetensors(path, state, meta)
        print(json.dumps({'saved': path}), flush=True)
        base = build_model(path).to(device)  # the saved weights, whole (FSDP's live ones are sharded)
        for split in ('test',):
            try:
                print(json.dumps({'eval': split, **evaluate(cfg, base, load_split(args.data, split), device)}))
            except ValueError:
                pass
    if args.save_every_rank and not args.fsdp:
        write_safetensors(os.path.join(args.out, f'rank{rank}.safetensors'), state, meta)
    if distributed:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;

/** README.md of the project, with the commands. */
export function readmeMd(spec: ModelSpec): string {
  return `# ${spec.name} — PyTorch project exported by the deep learning studio

- \`model.py\`: the model as a \`torch.nn.Module\` (one attribute per layer). Inputs keep the studio's layout
  ([batch, ${spec.input.shape.join(', ')}]${spec.input.shape.length === 3 ? ', images NHWC' : ''}).
- \`weights.safetensors\`: the run's weights in PyTorch's names and layouts: \`build_model('weights.safetensors')\`.
- \`train.py\`: trains with the run's optimizer, schedule, weight decay, clipping, seed and batch (\`config.json\`).
- \`data.py\` and \`data/\`: the dataset as raw little-endian arrays described by \`data/dataset.json\`.
- \`safetensors_io.py\`: reads and writes .safetensors with torch alone.

Needs Python 3.9+ and PyTorch 2.x (numpy for saving).

## Scaling out

    python train.py                                  # one process (GPU if there is one)
    torchrun --nproc_per_node=4 train.py             # 4 processes on this machine: DDP (NCCL on GPUs, Gloo on CPUs)
    torchrun --nproc_per_node=8 train.py --fsdp      # shard parameters and optimizer state with FSDP
    torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --master_port=29500 --nproc_per_node=8 train.py

The batch size in config.json is the global batch: each of N processes takes batch/N samples, so the curve does
not depend on N. Checkpoints go to \`checkpoints/checkpoint-stepK.safetensors\`; open one in the studio (Storage →
Import) to see its evaluation and the Inside-the-model views on the weights trained here.
`;
}
