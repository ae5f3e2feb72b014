"""The ready-made launch configs parse, name real layer classes, and leave precision to the model preset."""

from __future__ import annotations

import yaml

from tests.conftest import REPO

LAUNCH = REPO / "launch" / "accelerate"


def load(name: str) -> dict:
    return yaml.safe_load((LAUNCH / f"{name}.yaml").read_text())


def test_every_setup_has_a_config_with_the_right_distributed_type():
    expected = {"single_gpu": "NO", "ddp": "MULTI_GPU", "fsdp": "FSDP", "deepspeed_zero2": "DEEPSPEED",
                "deepspeed_zero3": "DEEPSPEED", "multi_node": "MULTI_GPU"}
    assert {path.stem for path in LAUNCH.glob("*.yaml")} == set(expected)
    for name, distributed_type in expected.items():
        config = load(name)
        assert config["distributed_type"] == distributed_type, name
        assert config["mixed_precision"] == "no", name  # model.precision decides, so T5 never gets fp16
        assert "accelerate launch --config_file launch/accelerate/" in (LAUNCH / f"{name}.yaml").read_text()


def test_deepspeed_stages_and_fsdp_wrapped_classes_exist():
    assert load("deepspeed_zero2")["deepspeed_config"]["zero_stage"] == 2
    assert load("deepspeed_zero3")["deepspeed_config"]["zero_stage"] == 3
    from transformers.models.bart import modeling_bart
    from transformers.models.longt5 import modeling_longt5
    from transformers.models.t5 import modeling_t5

    modules = (modeling_bart, modeling_t5, modeling_longt5)
    for name in load("fsdp")["fsdp_config"]["fsdp_transformer_layer_cls_to_wrap"].split(","):
        assert any(hasattr(module, name) for module in modules), name


def test_multi_node_config_names_machines_and_a_rendezvous():
    config = load("multi_node")
    assert config["num_machines"] > 1 and config["main_process_ip"] and config["main_process_port"]
