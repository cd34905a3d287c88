package io.qdm.simulator.train;

/**
 * A progress report after one optimiser step.
 *
 * @param epoch 0-based epoch
 * @param step optimiser steps taken so far in total (Adam's step count)
 * @param loss the step's mean infidelity
 * @param learningRate lr used for the step
 * @param samplesPerSecond forward+gradient evaluations per wall-clock second since {@link Trainer#train} started
 * @param etaSeconds estimated seconds until the requested epochs finish
 */
public record TrainingProgress(int epoch, long step, double loss, double learningRate, double samplesPerSecond,
    double etaSeconds) {}
