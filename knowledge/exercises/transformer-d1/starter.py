"""One Transformer encoder block on paper: the shapes it passes along and the parameters it holds."""


def block_shapes(batch, seq, d_model, num_heads, d_ff):
    """The shape of each tensor inside one block, as tuples, in a dict with the keys:

    "input"            the block's input
    "queries"          the queries after splitting into heads (heads before positions)
    "scores"           the attention scores of every head
    "attention_output" the attention sublayer's output, heads merged and projected
    "ffn_hidden"       the feed-forward layer's hidden activations
    "output"           the block's output
    """
    raise NotImplementedError("TODO: block_shapes")


def block_parameters(d_model, d_ff):
    """The parameter count of one block, in a dict with the keys "attention" (W_Q, W_K, W_V, W_O,
    each d_model × d_model with a bias), "ffn" (Linear(d_model, d_ff) then Linear(d_ff, d_model),
    with biases), "norms" (two LayerNorms) and "total".
    """
    raise NotImplementedError("TODO: block_parameters")
