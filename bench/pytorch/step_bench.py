#!/usr/bin/env python3
"""PyTorch reference for `nmsparse bench step` (comparison only; NmSparse itself never needs Python).

Builds the same model as NmSparse's Seq2SeqTransformer with `bench step`'s default shape (`--preset reference`):
pre-LayerNorm encoder-decoder (3 + 3 layers, d 256, 4 heads, FF 1024, ReLU, no dropout), a final LayerNorm after
each stack, sinusoidal positions, one embedding matrix shared by source, target and the output projection (scaled by
sqrt(d) on input), Xavier-uniform Linear weights. A step is exactly NmSparse's: zero_grad, forward, label-smoothed
(eps 0.1, PyTorch's definition) cross-entropy averaged over target tokens, backward, gradient clipping at norm 1,
Adam(0.9, 0.98, 1e-9) with the inverse-sqrt learning rate. Seeded random tokens, the same batch every step, --warmup
untimed steps first. Prints the same CSV columns as `nmsparse bench step --csv`.

    OMP_WAIT_POLICY=PASSIVE python3 bench/pytorch/step_bench.py --threads 2 --csv
"""
import argparse
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HEADER = "recipe,nm,precision,step_ms_median,step_ms_min,step_ms_max,tgt_tok_per_s"
PAD, BOS, FIRST_WORD = 0, 2, 4


def linear(d_in, d_out):
    layer = nn.Linear(d_in, d_out)
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (linear(d, d) for _ in range(4))

    def split(self, x):
        b, n, d = x.shape
        return x.view(b, n, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, query, key_value, mask=None, causal=False):
        q, k, v = self.split(self.q_proj(query)), self.split(self.k_proj(key_value)), self.split(self.v_proj(key_value))
        if hasattr(F, "scaled_dot_product_attention"):  # PyTorch >= 2.0: the same fused call NmSparse makes
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
        else:  # PyTorch 1.13 (Debian 12): the same math, unfused
            scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
            if causal:
                n = scores.shape[-1]
                scores = scores.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
            if mask is not None:
                scores = scores.masked_fill(~mask, float("-inf"))
            context = scores.softmax(-1) @ v
        b, h, n, dh = context.shape
        return self.out_proj(context.transpose(1, 2).reshape(b, n, h * dh))


class EncoderLayer(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.self_attn, self.ff1, self.ff2 = Attention(d, heads), linear(d, ff), linear(ff, d)
        self.self_attn_norm, self.ff_norm = nn.LayerNorm(d), nn.LayerNorm(d)

    def forward(self, x, mask):
        normed = self.self_attn_norm(x)
        x = x + self.self_attn(normed, normed, mask)
        return x + self.ff2(F.relu(self.ff1(self.ff_norm(x))))


class DecoderLayer(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.self_attn, self.cross_attn = Attention(d, heads), Attention(d, heads)
        self.ff1, self.ff2 = linear(d, ff), linear(ff, d)
        self.self_attn_norm, self.cross_attn_norm, self.ff_norm = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)

    def forward(self, x, memory, memory_mask):
        normed = self.self_attn_norm(x)
        x = x + self.self_attn(normed, normed, causal=True)
        x = x + self.cross_attn(self.cross_attn_norm(x), memory, memory_mask)
        return x + self.ff2(F.relu(self.ff1(self.ff_norm(x))))


class Seq2Seq(nn.Module):
    def __init__(self, vocab, d, heads, ff, enc_layers, dec_layers, max_len=256):
        super().__init__()
        self.d = d
        self.embed_tokens = nn.Embedding(vocab, d)
        nn.init.normal_(self.embed_tokens.weight, 0, d ** -0.5)
        self.encoder = nn.ModuleList(EncoderLayer(d, heads, ff) for _ in range(enc_layers))
        self.decoder = nn.ModuleList(DecoderLayer(d, heads, ff) for _ in range(dec_layers))
        self.encoder_norm, self.decoder_norm = nn.LayerNorm(d), nn.LayerNorm(d)
        position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
        rate = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
        table = torch.zeros(max_len, d)
        table[:, 0::2], table[:, 1::2] = torch.sin(position * rate), torch.cos(position * rate)
        self.register_buffer("positions", table, persistent=False)

    def embed(self, ids):
        return self.embed_tokens(ids) * math.sqrt(self.d) + self.positions[: ids.shape[1]]

    def forward(self, src, tgt_in):
        mask = (src != PAD).view(src.shape[0], 1, 1, src.shape[1])
        memory = self.embed(src)
        for layer in self.encoder:
            memory = layer(memory, mask)
        memory = self.encoder_norm(memory)
        x = self.embed(tgt_in)
        for layer in self.decoder:
            x = layer(x, memory, mask)
        return F.linear(self.decoder_norm(x), self.embed_tokens.weight)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--src-len", type=int, default=30)
    parser.add_argument("--tgt-len", type=int, default=30)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--vocab", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                        help="bf16 = torch.autocast on the CPU (fp32 master weights)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", action="store_true")
    args = parser.parse_args()
    for name in ("batch", "src_len", "tgt_len", "steps", "vocab", "threads"):
        if getattr(args, name) < 1:
            sys.exit(f"step_bench.py: error: --{name.replace('_', '-')} must be at least 1")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = Seq2Seq(args.vocab, 256, 4, 1024, 3, 3, max_len=max(256, args.src_len, args.tgt_len))
    model.train()
    peak, warmup_steps = 1.5e-3, 300
    optimizer = torch.optim.Adam(model.parameters(), lr=peak, betas=(0.9, 0.98), eps=1e-9)
    src = torch.randint(FIRST_WORD, args.vocab, (args.batch, args.src_len))
    target = torch.randint(FIRST_WORD, args.vocab, (args.batch, args.tgt_len))
    tgt_in = torch.cat([torch.full((args.batch, 1), BOS), target[:, :-1]], 1)

    times = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        k = step + 1
        for group in optimizer.param_groups:
            group["lr"] = peak * min(k / warmup_steps, math.sqrt(warmup_steps / k))
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            logits = model(src, tgt_in)
        loss = F.cross_entropy(logits.float().view(-1, args.vocab), target.reshape(-1), ignore_index=PAD,
                               label_smoothing=0.1)
        loss.item()
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)

    median = statistics.median(times)
    tok_per_s = args.batch * args.tgt_len / (median / 1000)
    if args.csv:
        print(HEADER)
        print(f"dense,2:4,{args.precision},{median:.2f},{min(times):.2f},{max(times):.2f},{tok_per_s:.0f}")
    else:
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, dense {args.precision}: "
              f"batch {args.batch} x {args.src_len}/{args.tgt_len}, vocab {args.vocab}, {args.steps} steps")
        print(f"  step ms median {median:.1f}  min {min(times):.1f}  max {max(times):.1f}")
        print(f"  target tok/s {tok_per_s:.0f}")


if __name__ == "__main__":
    main()
