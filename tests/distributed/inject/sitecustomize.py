"""Test-only: SIGKILL this process at a chosen point of training (KILL_AT=step:N or save:N),
or press Ctrl-C (SIGINT) at one (KILL_AT=interrupt:N)."""
import os
import signal

_spec = os.environ.get("KILL_AT")
if _spec:
    import transformers

    _when, _step = _spec.split(":")
    _step = int(_step)
    if _when in ("step", "interrupt"):  # between saves: at the start of optimizer step N+1
        _original_step = transformers.Trainer.training_step
        _signal = signal.SIGKILL if _when == "step" else signal.SIGINT

        def _training_step(self, *args, **kwargs):
            if self.state.global_step == _step:
                os.kill(os.getpid(), _signal)
            return _original_step(self, *args, **kwargs)

        transformers.Trainer.training_step = _training_step
    else:  # during the save of checkpoint-N: weights written, optimizer not yet
        _original_save = transformers.Trainer._save_optimizer_and_scheduler

        def _save_optimizer_and_scheduler(self, output_dir):
            if self.state.global_step == _step:
                os.kill(os.getpid(), signal.SIGKILL)
            return _original_save(self, output_dir)

        transformers.Trainer._save_optimizer_and_scheduler = _save_optimizer_and_scheduler
