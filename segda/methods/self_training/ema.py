"""The mean teacher (Tarvainen and Valpola, 2017) as DACS updates it after each step t:

    alpha_t   = min(1 - 1 / (t + 1), alpha)
    theta_T  <- alpha_t theta_T + (1 - alpha_t) theta_S

(t = 0 for the first step: alpha_0 = 0 copies the student; until 1 / (1 - alpha) steps the
teacher is the plain mean of the students so far, then the exponential average).
"""
import torch
from torch import nn


def ema_alpha(iteration: int, alpha: float) -> float:
    """alpha_t = min(1 - 1 / (t + 1), alpha) at step t = ``iteration`` (0 first)."""
    return min(1.0 - 1.0 / (iteration + 1), alpha)


def _pairs(teacher: nn.Module, student: nn.Module):
    """(teacher tensor, student tensor) for every parameter and buffer, matched by name."""
    teacher_state = dict(teacher.named_parameters()) | dict(teacher.named_buffers())
    student_state = dict(student.named_parameters()) | dict(student.named_buffers())
    if teacher_state.keys() != student_state.keys():
        raise ValueError('the teacher and the student must be the same network; their tensors '
                         f'differ: {sorted(teacher_state.keys() ^ student_state.keys())[:3]}.')
    return [(teacher_state[name], student_state[name]) for name in teacher_state]


@torch.no_grad()
def ema_update(teacher: nn.Module, student: nn.Module, alpha: float) -> None:
    """theta_T <- alpha theta_T + (1 - alpha) theta_S for every parameter and every floating
    point buffer (BatchNorm's running mean and variance: the teacher predicts in eval mode, so
    its statistics must follow the student's too); other buffers (BatchNorm's
    ``num_batches_tracked``) are copied."""
    for teacher_tensor, student_tensor in _pairs(teacher, student):
        if teacher_tensor.is_floating_point():
            teacher_tensor.copy_(alpha * teacher_tensor + (1 - alpha) * student_tensor)
        else:
            teacher_tensor.copy_(student_tensor)


@torch.no_grad()
def init_teacher(teacher: nn.Module, student: nn.Module) -> None:
    """theta_T <- theta_S, parameters and buffers (the teacher's start, DACS's
    ``create_ema_model``)."""
    for teacher_tensor, student_tensor in _pairs(teacher, student):
        teacher_tensor.copy_(student_tensor)
