"""Mistake: the feed-forward is counted as one d_model × d_ff matrix, forgetting the layer back to d_model."""


def block_shapes(batch, seq, d_model, num_heads, d_ff):
    """The shape of each tensor in one block, as tuples."""
    d_k = d_model // num_heads
    return {
        "input": (batch, seq, d_model),
        "queries": (batch, num_heads, seq, d_k),
        "scores": (batch, num_heads, seq, seq),
        "attention_output": (batch, seq, d_model),
        "ffn_hidden": (batch, seq, d_ff),
        "output": (batch, seq, d_model),
    }


def block_parameters(d_model, d_ff):
    """Parameters of attention (W_Q, W_K, W_V, W_O), the feed-forward (two layers) and two LayerNorms."""
    attention = 4 * (d_model * d_model + d_model)
    ffn = d_model * d_ff + d_ff
    norms = 2 * (2 * d_model)  # a scale and a shift per feature, twice
    return {"attention": attention, "ffn": ffn, "norms": norms, "total": attention + ffn + norms}
