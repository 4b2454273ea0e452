-- The name of the task's anticipated wrong answer a submission was (lab.yaml misconceptions), if any.
ALTER TABLE `submissions` ADD `misconception` text;
